import { grpcurlPack, httpPack } from '../http';
import { netcatPack } from '../netcat';
import type { Pack } from '../pack';

/** HTTP clients and raw connections: what they send is where and what they change. */
export const httpPacks: readonly Pack[] = [httpPack, grpcurlPack, netcatPack];
