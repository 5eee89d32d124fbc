// The config SDK: follow a prefix of configuration keys and acknowledge what was applied. No Next.js imports.
export type { ChangeInfo, ConfigErrorKind, ConfigSubscription, SubscribeConfigOptions } from './options';
export { ConfigSubscriberError } from './options';
export type { ParseFormat } from './parse';
export { formatForKey, parseValue } from './parse';
export type { SubscriberError, SubscriberStatus } from './status-entry';
export { STATUS_ROOT, splitStatusKey, statusKey, subscriberStatusSchema } from './status-entry';
export { subscribeConfig } from './subscribe-config';
export { SDK_VERSION } from './version';
