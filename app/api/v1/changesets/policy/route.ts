import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { assertPolicyAdmin, readPolicy, writePolicy } from '@/lib/changesets/policy';
import { policyPut } from '@/lib/changesets/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/changesets/policy – the four-eyes policy: approvals needed per key prefix
export const GET = route('changesets.policy.get', async () => {
  assertPolicyAdmin();
  return Response.json(await readPolicy(), { headers: { 'Cache-Control': 'no-store' } });
});

// PUT /api/v1/changesets/policy – replace the policy (compare-and-swap on expectedModRevision, audited)
export const PUT = route('changesets.policy.put', async (request) => {
  const { policy, expectedModRevision } = await parseBody(request, policyPut);
  return Response.json(await writePolicy(policy, expectedModRevision));
});
