// Recognising etcd's concurrency recipes and Patroni's leader key from a key and the lease it is attached to.
//
// Sources (read before writing this):
// - etcd-io/etcd@c34dc7ee0048fd2bcc44d50beff002e5e8069b69 client/v3/concurrency/election.go: NewElection keeps
//   `pfx + "/"`; Campaign puts `fmt.Sprintf("%s%x", keyPrefix, s.Lease())` = the proposal, WithLease(s.Lease());
//   Leader() is Get(keyPrefix, WithFirstCreate()): the holder is the key with the lowest create revision under
//   `pfx/`, every later one waits (waitDeletes in key.go) for all keys created before it to go.
// - same commit, client/v3/concurrency/mutex.go: NewMutex keeps `pfx + "/"`; tryAcquire puts
//   `fmt.Sprintf("%s%x", m.pfx, s.Lease())` with the value "" on the session lease; the oldest key holds the lock.
// - same commit, etcdctl/ctlv3/command/elect_command.go and lock_command.go: `etcdctl elect <name> <proposal>`
//   campaigns on NewElection(s, name) with a default session (TTL 60 s, session.go); `etcdctl lock <name>` locks
//   NewMutex(s, name) on a session of `--ttl` seconds (default 10).
// - zalando/patroni@a4a6dc02997db2ae5392261b697dd547c6258f41 patroni/dcs/etcd3.py: the leader key
//   `/<namespace>/<scope>/leader` (namespace "service" by default, patroni/dcs/__init__.py) is put with the member
//   name as its value on the member's lease, `create_revision == 0` as the compare (_do_attempt_to_acquire_leader);
//   each member keeps `/<namespace>/<scope>/members/<name>` (JSON) on the same lease (touch_member).

export type RecipeKind = 'election' | 'lock' | 'patroni';

/** Where a recognised key says an election, lock or Patroni cluster lives (prefix without its trailing "/"). */
export type Candidate = { kind: 'recipe' | 'patroni'; prefix: string };

/** The lease ID as etcd's Go client prints it in a recipe key: `%x` of the int64 (lowercase hex, no padding). */
export function leaseHex(leaseId: string): string {
  return BigInt(leaseId).toString(16);
}

const PATRONI_LEADER = '/leader';

/**
 * What a key on a lease says about coordination: `<pfx>/<lease hex>` where the hex is the key's own lease is a
 * concurrency-recipe key (no other writer names a key after its own lease); `<base>/leader` on a lease is a
 * Patroni leader key candidate (confirmed when `<base>/members/` holds keys). Keys are relative to ETCD_PREFIX.
 */
export function candidateOf(key: string, leaseId: string): Candidate | null {
  if (!leaseId || leaseId === '0') return null;
  const slash = key.lastIndexOf('/');
  if (slash < 0) return null;
  if (key.slice(slash + 1) === leaseHex(leaseId)) return { kind: 'recipe', prefix: key.slice(0, slash) };
  if (key.endsWith(PATRONI_LEADER) && key.length > PATRONI_LEADER.length) {
    return { kind: 'patroni', prefix: key.slice(0, -PATRONI_LEADER.length) };
  }
  return null;
}

/**
 * Election or lock: the key layout is the same. A mutex always writes the empty value; an election writes the
 * proposal. So any non-empty value means an election (certain); all empty means a lock, or an election whose
 * candidates proposed "" (guessed, and the page says "election or lock").
 */
export function recipeKindOf(values: Buffer[]): { kind: 'election' | 'lock'; guessed: boolean } {
  if (values.some((v) => v.length > 0)) return { kind: 'election', guessed: false };
  return { kind: 'lock', guessed: true };
}

/** A key's bytes as a string, or null when they are not UTF-8 (such prefixes are not listed). */
export function utf8Key(bytes: Buffer): string | null {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : null;
}
