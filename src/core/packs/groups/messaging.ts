import { messagingPacks as packs } from '../messaging';
import type { Pack } from '../pack';

/** Message brokers: Kafka's tools, RabbitMQ, NATS. */
export const messagingPacks: readonly Pack[] = packs;
