// The service registry SDK: register an instance, discover and watch a service, balance over it.
// Free of Next.js: any Node program can import it.
export type { SdkConnection } from '../connection';
export { type Balancer, type BalancerOptions, createBalancer } from './balancer';
export { discover } from './discover';
export type { InstanceStatus, ServiceInstance } from './instance';
export { instanceKey, NAME_PATTERN, SERVICES_ROOT, serviceDir } from './keys';
export {
  defaultInstanceId,
  type RegisteredInstance,
  type RegisterOptions,
  registerInstance,
} from './register-instance';
export type { RegistrationEvent } from './registration';
export { type Strategy, strategies } from './strategies';
export {
  type ServiceChange,
  type ServiceWatch,
  type WatchServiceOptions,
  watchService,
} from './watch-service';
