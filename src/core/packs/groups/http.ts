import { grpcurlPack, httpPack } from '../http';
import type { Pack } from '../pack';

export const httpPacks: readonly Pack[] = [httpPack, grpcurlPack];
