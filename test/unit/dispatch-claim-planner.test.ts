// How a worker picks what to claim: the incremental index, rendezvous spreading, steal delays, deadlines, adoption.

import { CommandTable } from '@etcd-console/core/worker';
import type { IKeyValue, Namespace } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { ClaimPlanner } from '@/packages/sdk/src/worker/claim-planner';
import { IdQueue } from '@/packages/sdk/src/worker/id-queue';
import { hash32, type Member, rendezvousRank, rendezvousScore } from '@/packages/sdk/src/worker/rendezvous';

let revision = 0;
function kv(key: string, value: unknown, lease = '0'): IKeyValue {
  revision++;
  return {
    key: Buffer.from(key),
    value: Buffer.from(JSON.stringify(value)),
    create_revision: String(revision),
    mod_revision: String(revision),
    version: '1',
    lease,
  };
}

const at = '2030-01-01T00:00:00Z';
const now = Date.parse(at);
const member = (id: string, weight = 2, types: string[] | null = null): Member => ({
  id,
  weight,
  types: types ? new Set(types) : null,
});

/** A planner for worker `self` among `members`, over a table the test fills; plan() needs no etcd. */
function setup(self: string, members: Member[], lease = '7') {
  const table = new CommandTable();
  const me = members.find((m) => m.id === self) ?? member(self);
  const planner = new ClaimPlanner({
    kv: {} as Namespace,
    workerId: self,
    types: new Set(['push']),
    leaseId: () => lease,
    members: { version: 1, list: () => members },
    self: me,
    stealDelayMs: 100,
    onError: () => {},
  });
  const put = (id: string, key: string, value: unknown, keyLease = '0', time = now) => {
    const entry = table.put(kv(`/commands/g/${id}/${key}`, value, keyLease))!;
    return planner.update(entry, time);
  };
  const send = (id: string, extra: object = {}, time = now) =>
    put(id, 'spec', { id, group: 'g', type: 'push', mode: 'any', createdAt: at, ...extra }, '0', time);
  const plan = (time = now, free = 2, runs = new Map<string, unknown>()) =>
    planner.plan(runs, lease, free, time);
  return { table, planner, put, send, plan };
}

const ids = Array.from({ length: 200 }, (_, i) => `c${String(i).padStart(4, '0')}`);
const five = ['w1', 'w2', 'w3', 'w4', 'w5'].map((id) => member(id));

describe('id queue', () => {
  it('keeps ids sorted whatever order they arrive in, once each', () => {
    const queue = new IdQueue();
    for (const id of ['c3', 'c1', 'c5', 'c2', 'c4', 'c3']) queue.add(id);
    queue.delete('c2');
    queue.delete('c9');
    expect(queue.values()).toEqual(['c1', 'c3', 'c4', 'c5']);
  });
});

describe('rendezvous ranking', () => {
  it('hashes "<commandId>\\n<workerId>" with FNV-1a and murmur3\'s finaliser, as any language can', () => {
    // Checked against an independent implementation; other SDKs rank the same way when they match these.
    expect(['', 'c1\nw1', 'c1\nw2', '0mf3k2p1a-0123456789\nworker-1'].map(hash32)).toEqual([
      2872998923, 49878218, 2055646735, 3251040131,
    ]);
    const unit = (49878218 + 0.5) / 2 ** 32;
    expect(rendezvousScore('c1', member('w1', 2))).toBeCloseTo(2 / -Math.log(unit), 12);
  });

  it('gives every command exactly one first choice, spread over the workers', () => {
    const firsts = new Map<string, number>();
    for (const id of ids) {
      const ranks = five.map((m) => rendezvousRank(id, 'push', m, five));
      expect([...ranks].sort()).toEqual([1, 2, 3, 4, 5]);
      const first = five[ranks.indexOf(1)]!.id;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    expect(firsts.size).toBe(5);
    for (const count of firsts.values()) expect(count).toBeGreaterThan(20);
  });

  it('prefers workers by capacity and leaves out those that do not run the type', () => {
    const members = [member('big', 6), member('small', 1), member('other', 50, ['mail'])];
    let big = 0;
    for (const id of ids) if (rendezvousRank(id, 'push', members[0]!, members) === 1) big++;
    expect(big).toBeGreaterThan(140); // about 6 in 7
    expect(ids.every((id) => rendezvousRank(id, 'push', members[0]!, members) <= 2)).toBe(true);
  });
});

describe('claim planner', () => {
  it('claims its own first choices at once, oldest first, and no one else does', () => {
    const workers = five.map((m) => setup(m.id, five));
    for (const w of workers) for (const id of [...ids].reverse()) w.send(id);
    const picked = workers.map((w) => w.plan(now, 200).claim.map((t) => t.entry.id));
    // Disjoint, and together every command once.
    expect(picked.flat().sort()).toEqual(ids);
    for (const list of picked) expect(list).toEqual([...list].sort());
    expect(workers[0]!.plan(now, 2).claim.map((t) => t.entry.id)).toEqual(picked[0]!.slice(0, 2));
  });

  it("takes another worker's command only after it waited, the second choice before the third", () => {
    const members = five;
    const id = ids.find((c) => rendezvousRank(c, 'push', member('w1'), members) === 3)!;
    const w1 = setup('w1', members);
    w1.send(id);
    expect(w1.plan(now).claim).toEqual([]);
    expect(w1.plan(now).wakeAt).toBe(now + 100);
    expect(w1.plan(now + 100).claim).toEqual([]);
    expect(w1.plan(now + 199).wakeAt).toBe(now + 200);
    expect(w1.plan(now + 200).claim.map((t) => t.entry.id)).toEqual([id]);
  });

  it('drops a command once the watch shows it claimed, and takes it again when the claim vanishes', () => {
    const w1 = setup('w1', [member('w1')]);
    expect(w1.send('c1')).toBe(true);
    expect(w1.put('c1', 'runs/_any/claim', { workerId: 'w2', attempt: 1, claimedAt: at }, '9')).toBe(false);
    expect(w1.plan().claim).toEqual([]);
    const entry = w1.table.get('c1')!;
    w1.table.delete('/commands/g/c1/runs/_any/claim');
    expect(w1.planner.update(entry, now)).toBe(true);
    expect(w1.plan().claim.map((t) => t.entry.id)).toEqual(['c1']);
  });

  it('skips a command whose claim it lost until the command changes', () => {
    const w1 = setup('w1', [member('w1')]);
    w1.send('c1');
    const entry = w1.table.get('c1')!;
    w1.planner.block(entry);
    expect(w1.plan().claim).toEqual([]);
    w1.put('c1', 'history/_any/000001/claimed', { workerId: 'w2', at });
    expect(w1.plan().claim.map((t) => t.entry.id)).toEqual(['c1']);
  });

  it('adopts a claim of its own under its current lease that no run holds', () => {
    const w1 = setup('w1', [member('w1')], '7');
    w1.send('c1');
    expect(w1.put('c1', 'runs/_any/claim', { workerId: 'w1', attempt: 1, claimedAt: at }, '7')).toBe(true);
    expect(w1.plan().adopt.map((a) => [a.entry.id, a.attempt])).toEqual([['c1', 1]]);
    w1.planner.noteRun('c1', w1.table.get('c1')!.runs.get('_any')!.claim!.modRevision);
    expect(w1.plan().adopt).toEqual([]);
    // A claim of ours under an old lease is not adopted.
    w1.send('c2');
    w1.put('c2', 'runs/_any/claim', { workerId: 'w1', attempt: 1, claimedAt: at }, '6');
    expect(w1.plan().adopt).toEqual([]);
  });

  it('fails commands past their deadline once it passes, and never claims them', () => {
    const w1 = setup('w1', [member('w1')]);
    w1.send('c1', { deadline: '2030-01-01T00:00:05Z' });
    w1.send('c2', { workerId: 'w9', deadline: '2030-01-01T00:00:05Z' });
    expect(w1.plan(now, 0).wakeAt).toBe(now + 5000);
    const later = w1.plan(now + 5000, 2);
    expect(later.claim).toEqual([]);
    // "_any" slots are anyone's to expire, addressed or not.
    expect(later.expire.map((t) => `${t.entry.id}:${t.slot}`)).toEqual(['c1:_any', 'c2:_any']);
    w1.put('c1', 'runs/_any/result', { status: 'failed', finishedAt: at });
    expect(w1.plan(now + 6000).expire.map((t) => t.entry.id)).toEqual(['c2']);
  });

  it('runs mode all and addressed commands as its own, whatever the ranking says', () => {
    const w1 = setup('w1', five);
    w1.send('c1', { mode: 'all', targets: ['w1', 'w2'] });
    w1.send('c2', { workerId: 'w1' });
    w1.send('c3', { mode: 'all', targets: ['w2'] });
    expect(w1.plan(now, 5).claim.map((t) => `${t.entry.id}:${t.slot}`)).toEqual(['c1:w1', 'c2:_any']);
  });

  it('ranks again when the live workers change', () => {
    let members = [member('w1')];
    let version = 1;
    const planner = new ClaimPlanner({
      kv: {} as Namespace,
      workerId: 'w1',
      types: new Set(['push']),
      leaseId: () => '7',
      members: {
        get version() {
          return version;
        },
        list: () => members,
      },
      self: member('w1'),
      onError: () => {},
    });
    const table = new CommandTable();
    for (const id of ids)
      planner.update(
        table.put(
          kv(`/commands/g/${id}/spec`, { id, group: 'g', type: 'push', mode: 'any', createdAt: at }),
        )!,
        now,
      );
    expect(planner.plan(new Map(), '7', 500, now).claim).toHaveLength(200);
    members = five;
    version = 2;
    const mine = planner.plan(new Map(), '7', 500, now).claim.length;
    expect(mine).toBeGreaterThan(20);
    expect(mine).toBeLessThan(80);
  });
});
