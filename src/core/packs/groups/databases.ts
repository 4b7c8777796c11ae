import { dbtPack } from '../dbt';
import { djangoPack } from '../django';
import { drizzleKitPack } from '../drizzle';
import { jsMigrationPacks } from '../jsMigrations';
import { artisanPack, sailPack } from '../laravel';
import { migrationToolPacks } from '../migrationTools';
import { cqlshPack, tursoPack } from '../moreDatabases';
import { nosqlClientPacks } from '../nosqlClients';
import type { Pack } from '../pack';
import { databaseToolPacks } from '../pgTools';
import { prismaPack } from '../prisma';
import { railsPack } from '../rails';
import { sqlClientPacks } from '../sqlClients';

/** Database clients, dump and admin tools, ORMs and migration runners. */
export const databasePacks: readonly Pack[] = [
  ...sqlClientPacks,
  cqlshPack,
  tursoPack,
  ...nosqlClientPacks,
  ...databaseToolPacks,
  prismaPack,
  drizzleKitPack,
  railsPack,
  djangoPack,
  artisanPack,
  sailPack,
  ...jsMigrationPacks,
  ...migrationToolPacks,
  dbtPack,
];
