// Browser calls to the change sets API: list, stage, review, verdicts, publish, revert and the four-eyes policy.
import type { z } from 'zod';
import type { CanaryAnswer, CanaryBody } from '../changesets/canary-schemas';
import type {
  ChangeSetAnswer,
  ChangeSetPolicy,
  editInput,
  listAnswer,
  policyAnswer,
  publishAnswer,
  ReviewAnswer,
} from '../changesets/schemas';
import { fetchJson } from './fetcher';

export type { CanaryAnswer, ChangeSetAnswer, ChangeSetPolicy, ReviewAnswer };
/** An edit as the client sends it (action defaults to put, encodings to utf8). */
export type EditInput = z.input<typeof editInput>;
export type ChangeSetList = z.infer<typeof listAnswer>;
export type ChangeSetSummary = ChangeSetList['changesets'][number];
export type PolicyAnswer = z.infer<typeof policyAnswer>;
export type PublishAnswer = z.infer<typeof publishAnswer>;

const base = '/api/v1/changesets';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const changesetsKeys = {
  list: base,
  one,
  review: (id: string) => `${one(id)}/review`,
  canary: (id: string) => `${one(id)}/canary`,
  policy: `${base}/policy`,
};

const post = <T>(url: string, body: unknown = {}) =>
  fetchJson<T>(url, { method: 'POST', body: JSON.stringify(body) });

export const changesetsApi = {
  create: (title: string, edits: EditInput[] = []) => post<ChangeSetAnswer>(base, { title, edits }),
  /** Stage edits (same key: replaced) or take them out; a 409 means the set changed since expectedModRevision. */
  update: (
    id: string,
    patch: {
      title?: string;
      put?: EditInput[];
      remove?: Array<{ key: string; keyEncoding?: 'utf8' | 'base64' }>;
    },
    expectedModRevision?: number,
  ) =>
    fetchJson<ChangeSetAnswer>(one(id), {
      method: 'PATCH',
      body: JSON.stringify({ ...patch, expectedModRevision }),
    }),
  discard: (id: string, expectedModRevision?: number) =>
    fetchJson<{ id: string }>(
      `${one(id)}${expectedModRevision ? `?expectedModRevision=${expectedModRevision}` : ''}`,
      { method: 'DELETE' },
    ),
  rebase: (id: string, expectedModRevision?: number) =>
    post<ChangeSetAnswer>(`${one(id)}/rebase`, { expectedModRevision }),
  approve: (id: string, comment: string, expectedModRevision?: number) =>
    post<ChangeSetAnswer>(`${one(id)}/approve`, { comment, expectedModRevision }),
  reject: (id: string, comment: string, expectedModRevision?: number) =>
    post<ChangeSetAnswer>(`${one(id)}/reject`, { comment, expectedModRevision }),
  publish: (id: string, expectedModRevision?: number) =>
    post<PublishAnswer>(`${one(id)}/publish`, { expectedModRevision }),
  revert: (id: string, expectedModRevision?: number) =>
    post<ChangeSetAnswer>(`${one(id)}/revert`, { expectedModRevision }),
  canary: (id: string, body: CanaryBody) => post<ChangeSetAnswer>(`${one(id)}/canary`, body),
  promote: (id: string, expectedModRevision?: number) =>
    post<ChangeSetAnswer>(`${one(id)}/promote`, { expectedModRevision }),
  abort: (id: string, expectedModRevision?: number) =>
    post<ChangeSetAnswer>(`${one(id)}/abort`, { expectedModRevision }),
  savePolicy: (policy: ChangeSetPolicy, expectedModRevision: number) =>
    fetchJson<PolicyAnswer>(changesetsKeys.policy, {
      method: 'PUT',
      body: JSON.stringify({ policy, expectedModRevision }),
    }),
};
