import type { Pack } from '../pack';

export const platformPacks: readonly Pack[] = [];
