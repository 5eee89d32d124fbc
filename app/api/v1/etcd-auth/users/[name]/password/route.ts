import { parseBody, parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { passwordBody, userParams } from '@/lib/etcd-auth/schemas';
import { changePassword } from '@/lib/etcd-auth/users';

export const dynamic = 'force-dynamic';

// PUT /api/v1/etcd-auth/users/{name}/password – set a new password
export const PUT = route('etcd-auth.users.password', async (request, context) => {
  const { name } = await parseParams(context, userParams);
  const { password } = await parseBody(request, passwordBody);
  await changePassword(name, password);
  return Response.json({ ok: true });
});
