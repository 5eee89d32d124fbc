// @etcd-console/core/config: the public face of this part of the shared layer.

export * from './canary';
export * from './status-entry';
