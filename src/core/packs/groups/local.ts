import type { Pack } from '../pack';

export const localPacks: readonly Pack[] = [];
