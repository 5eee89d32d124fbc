// The config SDK: follow a prefix of configuration keys and acknowledge what was applied. No Next.js imports.

export type { SubscriberError, SubscriberStatus } from '@etcd-console/core/config';
export { STATUS_ROOT, splitStatusKey, statusKey, subscriberStatusSchema } from '@etcd-console/core/config';
export type { ChangeInfo, ConfigErrorKind, ConfigSubscription, SubscribeConfigOptions } from './options';
export { ConfigSubscriberError } from './options';
export type { ParseFormat } from './parse';
export { formatForKey, parseValue } from './parse';
export { subscribeConfig } from './subscribe-config';
export { SDK_VERSION } from './version';
