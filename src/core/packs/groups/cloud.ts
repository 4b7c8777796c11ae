import type { Pack } from '../pack';

export const cloudPacks: readonly Pack[] = [];
