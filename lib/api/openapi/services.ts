// The service registry's operations, described with the schemas its routes parse with.
import {
  instanceChangeAnswer,
  instanceDeleteAnswer,
  instanceParams,
  instancePatch,
  listQuery,
  pickAnswer,
  pickQuery,
  serviceDetail,
  serviceList,
  serviceParams,
  serviceTimeline,
  timelineQuery,
} from '../../registry/schemas';
import type { Operation } from './types';

export const servicesOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/services',
    tag: 'services',
    summary:
      'Every service under /services/ with its instance counts (up, draining, invalid), read at one revision. With ttl=true it also counts the instances whose lease is running out.',
    query: listQuery,
    response: serviceList,
  },
  {
    method: 'get',
    path: '/api/v1/services/{name}',
    tag: 'services',
    summary: "One service's instances with lease ID, remaining TTL, granted TTL and registeredAt.",
    params: serviceParams,
    response: serviceDetail,
  },
  {
    method: 'get',
    path: '/api/v1/services/{name}/pick',
    tag: 'services',
    summary: 'One live (up) instance by round-robin, weighted or random; 503 when the service has none.',
    params: serviceParams,
    query: pickQuery,
    response: pickAnswer,
  },
  {
    method: 'get',
    path: '/api/v1/services/{name}/timeline',
    tag: 'services',
    summary:
      'Per-instance registrations, drains and removals over the retained MVCC history, with flap counts.',
    params: serviceParams,
    query: timelineQuery,
    response: serviceTimeline,
    errors: [410],
  },
  {
    method: 'patch',
    path: '/api/v1/services/{name}/instances/{id}',
    tag: 'services',
    summary:
      'Drain, undrain or reweight an instance: a compare-and-swap on its key that keeps its lease. 409 with the current item when expectedModRevision is stale.',
    params: instanceParams,
    body: instancePatch,
    response: instanceChangeAnswer,
    errors: [404, 409, 422],
  },
  {
    method: 'delete',
    path: '/api/v1/services/{name}/instances/{id}',
    tag: 'services',
    summary:
      'Deregister an instance: revokes its lease (every key on it goes) or deletes a key without one. A live SDK instance registers again; drain it to take it out of rotation.',
    params: instanceParams,
    response: instanceDeleteAnswer,
    errors: [404],
  },
];
