import type { Pack } from '../pack';

export const databasePacks: readonly Pack[] = [];
