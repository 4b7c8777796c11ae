import { backupPacks } from '../backups';
import type { Pack } from '../pack';
import { storagePacks } from '../storage';

/** Object storage, sync and backup tools: what they change is a bucket, a host or a repository of backups. */
export const storageAndBackupPacks: readonly Pack[] = [...storagePacks, ...backupPacks];
