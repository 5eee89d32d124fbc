// The service registry SDK: register an instance, discover and watch a service, balance over it.
// Free of Next.js: any Node program can import it.

export type { InstanceStatus, ServiceInstance } from '@etcd-console/core/registry';
export {
  instanceKey,
  NAME_PATTERN,
  SERVICES_ROOT,
  type Strategy,
  serviceDir,
  strategies,
} from '@etcd-console/core/registry';
export type { SdkConnection } from '../connection';
export { type Balancer, type BalancerOptions, createBalancer } from './balancer';
export { discover } from './discover';
export {
  defaultInstanceId,
  type RegisteredInstance,
  type RegisterOptions,
  registerInstance,
} from './register-instance';
export type { RegistrationEvent } from './registration';
export {
  type ServiceChange,
  type ServiceWatch,
  type WatchServiceOptions,
  watchService,
} from './watch-service';
