// The service layouts' operations: settings, detection and the preview of a declared layout.
import {
  layoutPreviewAnswer,
  layoutPreviewBody,
  layoutsAnswer,
  layoutsGetQuery,
  layoutsPut,
} from '../../layouts/schemas';
import type { Operation } from './types';

export const layoutsOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/layouts',
    tag: 'services',
    summary:
      'Every service layout (built-in with the framework file it follows, or declared), whether it is on, and what detection found (a bounded sample: fixed roots and leased keys). Unscoped admins only.',
    query: layoutsGetQuery,
    response: layoutsAnswer,
    errors: [403],
  },
  {
    method: 'put',
    path: '/api/v1/layouts',
    tag: 'services',
    summary:
      'Save the layout settings (layouts turned off, layouts declared) under /_console/layouts/: a compare-and-swap on expectedModRevision, audited. Unscoped admins only.',
    body: layoutsPut,
    response: layoutsAnswer,
    errors: [403, 409],
  },
  {
    method: 'post',
    path: '/api/v1/layouts/preview',
    tag: 'services',
    summary:
      'Apply a draft layout to the first 500 keys under its root that the caller may read, and show the instances it would find. Changes nothing.',
    body: layoutPreviewBody,
    response: layoutPreviewAnswer,
  },
];
