// @etcd-console/core/etcd: the public face of this part of the shared layer.
export * from './config-error';
export * from './connect';
export * from './errors';
export * from './key-range';
export * from './mirror';
export * from './pages';
export * from './tls';
export * from './watch-feed';
