import type { Pack } from '../pack';

export const httpPacks: readonly Pack[] = [];
