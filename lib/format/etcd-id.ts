/** etcd member and cluster IDs arrive as decimal strings (they exceed 2^53); etcdctl prints them in hex. */
export function hexId(decimal: string): string {
  if (!/^\d+$/.test(decimal)) return decimal;
  return BigInt(decimal).toString(16);
}
