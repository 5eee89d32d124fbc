import 'server-only';
// The four-eyes policy: per key prefix, how many people other than the author must approve a change set that
// touches a key under it. One JSON document at /_console/changesets-policy, changed by unscoped admins only.
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { mayReadPrefix } from '../auth/access';
import { currentActor, markAudited } from '../auth/context';
import { etcdSystemKv } from '../etcd/client';
import { editKeyBytes } from './edit-key';
import { type ChangeSetPolicy, type ChangeSetRecord, policySchema } from './schemas';

export const POLICY_KEY = '/_console/changesets-policy';
const EMPTY: ChangeSetPolicy = { rules: [] };

export function assertPolicyAdmin(): void {
  const actor = currentActor();
  if (!mayReadPrefix('/_console/') || (actor !== null && actor.prefixes.length > 0)) {
    throw new ApiError('forbidden', 'The change set policy is for admins without a prefix scope.');
  }
}

/** The policy and its key's mod revision (0: never saved); a stored document that no longer parses counts as empty. */
export async function readPolicy(): Promise<{ policy: ChangeSetPolicy; modRevision: number }> {
  const kv = (await etcdSystemKv().get(POLICY_KEY).exec()).kvs[0];
  if (!kv) return { policy: EMPTY, modRevision: 0 };
  const parsed = policySchema.safeParse(safeJson(kv.value.toString('utf8')));
  return { policy: parsed.success ? parsed.data : EMPTY, modRevision: Number(kv.mod_revision) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Saves the policy if its key is still at `expectedModRevision`, with the audit record, in one transaction. */
export async function writePolicy(
  policy: ChangeSetPolicy,
  expectedModRevision: number,
): Promise<{ policy: ChangeSetPolicy; modRevision: number }> {
  assertPolicyAdmin();
  const kv = etcdSystemKv();
  const audit = auditOp('changesets.policy.put', [Buffer.from(POLICY_KEY)], {
    before: [expectedModRevision],
    details: { rules: policy.rules },
  });
  const res = await kv
    .if(POLICY_KEY, 'Mod', '==', expectedModRevision)
    .then(kv.put(POLICY_KEY).value(JSON.stringify(policy)), audit)
    .else({ request_range: { key: audit.request_put?.key } })
    .commit();
  const own = res.succeeded ? null : res.responses[0]?.response_range?.kvs[0];
  if (!res.succeeded && !own) {
    throw new ApiError('conflict', 'The change set policy changed since you read it; reload and try again.');
  }
  markAudited();
  return { policy, modRevision: own ? Number(own.mod_revision) : Number(res.header.revision) };
}

/** Approvals the policy asks of a set: the most any rule covering one of its keys asks (byte-exact prefixes). */
export function requiredApprovals(record: ChangeSetRecord, policy: ChangeSetPolicy): number {
  let needed = 0;
  for (const edit of record.edits) {
    const key = editKeyBytes(edit);
    for (const rule of policy.rules) {
      const prefix = Buffer.from(rule.prefix);
      if (key.subarray(0, prefix.length).equals(prefix)) needed = Math.max(needed, rule.approvals);
    }
  }
  return needed;
}
