import { z } from 'zod';
import { metricsQuery } from '../../metrics/domain/metrics-query';
import { warningsResponse } from '../../metrics/domain/warnings';
import type { Operation } from './types';

export const healthResponse = z.object({
  status: z.literal('ok'),
  etcd: z.object({
    endpoints: z.array(z.string()),
    version: z.string(),
    leader: z.string().describe('member id of the leader, decimal'),
    revision: z.number(),
    dbSize: z.number(),
  }),
});

export const coreOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/health',
    tag: 'core',
    summary: 'Is etcd reachable? 200 with its version, leader and revision; 503 with the reason when not.',
    response: healthResponse,
  },
  {
    method: 'get',
    path: '/api/v1/metrics',
    tag: 'core',
    summary:
      'Prometheus metrics: requests by route, etcd call latency, open SSE streams, etcd watches held; for callers who may read the whole keyspace also services, commands, tasks, config subscribers and etcd members (docs/alerts.md).',
    query: metricsQuery,
    produces: 'text/plain; version=0.0.4',
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'core',
    summary: 'This document.',
    produces: 'application/json',
  },
  {
    method: 'get',
    path: '/api/v1/overview',
    tag: 'core',
    summary:
      'Figures for the Overview page: members, leader, revision, db size, key count, services and workers.',
  },
  {
    method: 'get',
    path: '/api/v1/overview/warnings',
    tag: 'core',
    summary:
      'The alert conditions of deploy/prometheus/alerts.yml that hold now, each naming its culprit; keyspace ones only for callers who may read the whole keyspace.',
    response: warningsResponse,
  },
];
