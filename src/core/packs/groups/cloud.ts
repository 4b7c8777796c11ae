import { awsLocalPack, awsPack } from '../aws';
import { azurePack } from '../azure';
import { doctlPack } from '../doctl';
import { eksctlPack } from '../eksctl';
import { bqPack, gcloudPack, gsutilPack } from '../gcloud';
import type { Pack } from '../pack';
import { samPack } from '../sam';

/** Cloud provider CLIs: AWS (aws, awslocal, eksctl, sam), Google Cloud (gcloud, gsutil, bq), Azure (az), DigitalOcean (doctl). */
export const cloudPacks: readonly Pack[] = [awsPack, awsLocalPack, eksctlPack, samPack, gcloudPack, gsutilPack, bqPack, azurePack, doctlPack];
