import type { Pack } from '../pack';

export const iacPacks: readonly Pack[] = [];
