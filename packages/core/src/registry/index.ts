// @etcd-console/core/registry: the public face of this part of the shared layer.
export * from './instance';
export * from './keys';
export * from './strategies';
