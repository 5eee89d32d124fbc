// The config subscribers API (issue #11): who follows a prefix, and how far a change has propagated.
import {
  propagationQuery,
  propagationResponse,
  subscribersQuery,
  subscribersResponse,
} from '../../subscribers/schemas';
import type { Operation } from './types';

export const subscribersOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/subscribers',
    tag: 'subscribers',
    summary:
      'Live config subscribers whose prefix covers a key or prefix (all when omitted), each with its applied revision and lag: "applied", "behind by N revisions / T s" or "error: …".',
    query: subscribersQuery,
    response: subscribersResponse,
  },
  {
    method: 'get',
    path: '/api/v1/subscribers/propagation',
    tag: 'subscribers',
    summary:
      'Propagation of a change (key, revision): covering subscribers that applied it (appliedRevision >= revision), are pending, or hold their last good value after a parse error; with timing.',
    query: propagationQuery,
    response: propagationResponse,
    errors: [404],
  },
];
