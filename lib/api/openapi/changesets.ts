// Change sets: stage edits, review the three-way diff, approve with four eyes, publish in one transaction per step.

import { canaryAnswer, canaryBody } from '../../changesets/canary-schemas';
import {
  actionBody,
  actionQuery,
  changeSetAnswer,
  createBody,
  idParams,
  listAnswer,
  listQuery,
  patchBody,
  policyAnswer,
  policyPut,
  publishAnswer,
  reviewAnswer,
  verdictBody,
} from '../../changesets/schemas';
import type { Operation } from './types';

const tag = 'changesets';
const one = '/api/v1/changesets/{id}';

export const changesetsOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/changesets',
    tag,
    summary:
      'The change sets the caller may see (every key in them readable; a set without edits: its author), oldest first.',
    query: listQuery,
    response: listAnswer,
  },
  {
    method: 'post',
    path: '/api/v1/changesets',
    tag,
    summary:
      "A new draft. Each edit is checked as the key editor checks a save and records the key's mod_revision it is based on (baseModRevision; 0 = absent).",
    body: createBody,
    response: changeSetAnswer,
    status: 201,
    errors: [403, 413, 422],
  },
  {
    method: 'get',
    path: one,
    tag,
    summary: 'One change set (404 when absent or when the caller may not read every key in it).',
    params: idParams,
    response: changeSetAnswer,
    errors: [404],
  },
  {
    method: 'patch',
    path: one,
    tag,
    summary:
      'Rename; stage edits (the same key replaces its edit) or take them out. Changing the edits clears approvals and rejections.',
    params: idParams,
    body: patchBody,
    response: changeSetAnswer,
    errors: [403, 404, 409, 413, 422],
  },
  {
    method: 'delete',
    path: one,
    tag,
    summary: 'Discard a change set nothing of which was published (audited).',
    params: idParams,
    query: actionQuery,
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: `${one}/review`,
    tag,
    summary:
      'Per key: the value at baseModRevision (from etcd history; baseCompacted when gone), the current value and mod_revision, the proposed value, conflict, problems. Also the publish steps (more than one above 125 edits: not atomic across steps) and what would block a publish now.',
    params: idParams,
    response: reviewAnswer,
    errors: [404],
  },
  {
    method: 'post',
    path: `${one}/rebase`,
    tag,
    summary:
      "Base every conflicting edit on the key's current mod_revision, keeping the proposed value. Clears approvals.",
    params: idParams,
    body: actionBody,
    response: changeSetAnswer,
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: `${one}/approve`,
    tag,
    summary:
      'Approve with a comment. Refused (403) to the author, to API tokens, and with login off (every request is the same local user).',
    params: idParams,
    body: verdictBody,
    response: changeSetAnswer,
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: `${one}/reject`,
    tag,
    summary:
      'Reject with a comment: the set cannot be published until its edits change or the reviewer approves.',
    params: idParams,
    body: verdictBody,
    response: changeSetAnswer,
    errors: [403, 404, 409],
  },
  {
    method: 'post',
    path: `${one}/publish`,
    tag,
    summary:
      "Publish: per step one etcd transaction comparing every key's mod_revision with its baseModRevision, writing the changes, the audit record and the set together. 403 without the approvals the policy asks for; 409 naming the keys that moved (nothing of that step written; details.applied lists earlier steps).",
    params: idParams,
    body: actionBody,
    response: publishAnswer,
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post',
    path: `${one}/revert`,
    tag,
    summary:
      'A new draft that puts back the values the publish overwrote (read from etcd history just before each step). 410 when compacted.',
    params: idParams,
    body: actionBody,
    response: changeSetAnswer,
    status: 200,
    errors: [403, 404, 409, 410, 422],
  },
  {
    method: 'get',
    path: `${one}/canary`,
    tag,
    summary:
      "The canary: per chosen subscriber instance its acknowledgement of the overlay (ack.revision = the overlay key's revision), the errors it reports and its registration (health); how long it has been in canary; and the live instances following the set's keys (candidates).",
    params: idParams,
    response: canaryAnswer,
    errors: [404],
  },
  {
    method: 'post',
    path: `${one}/canary`,
    tag,
    summary:
      "Publish to chosen config subscriber instances first: writes one overlay key per instance (/_console/canary/<app>/<instance>/<id>) with the set's values for the keys it follows, and sets the state canary. Same bar as a publish (approvals 403, invalid edits 422, moved keys 409). A canary never becomes production by itself: promote or abort it.",
    params: idParams,
    body: canaryBody,
    response: changeSetAnswer,
    status: 200,
    errors: [400, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: `${one}/promote`,
    tag,
    summary:
      'Promote a canary: publish to everyone through the publish path (same approvals and compares), then remove the overlays. The set ends published.',
    params: idParams,
    body: actionBody,
    response: changeSetAnswer,
    status: 200,
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post',
    path: `${one}/abort`,
    tag,
    summary:
      'Abort a canary: remove the overlays (the canary instances go back to the production values) and mark the set aborted.',
    params: idParams,
    body: actionBody,
    response: changeSetAnswer,
    status: 200,
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/changesets/policy',
    tag,
    summary: 'The four-eyes policy: approvals needed per key prefix. Unscoped admins only.',
    response: policyAnswer,
    errors: [403],
  },
  {
    method: 'put',
    path: '/api/v1/changesets/policy',
    tag,
    summary:
      'Replace the policy under /_console/changesets-policy: compare-and-swap on expectedModRevision, audited. Unscoped admins only.',
    body: policyPut,
    response: policyAnswer,
    errors: [403, 409],
  },
];
