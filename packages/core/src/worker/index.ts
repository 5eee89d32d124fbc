// @etcd-console/core/worker: the public face of this part of the shared layer.
export * from './command-state';
export * from './command-table';
export * from './keys';
export * from './names';
export * from './records';
export * from './run-txns';
export * from './workers';
export * from './write-command';
