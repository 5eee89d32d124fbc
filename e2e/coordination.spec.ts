// The Coordination page on a real etcd, with real `etcdctl lock` and `etcdctl elect` processes (etcd 3.4's etcdctl):
// holder and waiters in order, and after SIGKILL of the holder the next one shown as holder within its TTL + 1 s.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** etcdctl lock's session TTL (`--ttl`); etcdctl elect has no such flag (60 s). */
const TTL = 3;

/** The Coordination page, found by test id. */
class CoordinationPage {
  constructor(readonly page: Page) {}
  goto() {
    return this.page.goto('/coordination');
  }
  row(prefix: string): Locator {
    return this.page.locator(`[data-testid="coordination-row"][data-prefix="${prefix}"]`);
  }
  holder(prefix: string): Locator {
    return this.row(prefix).getByTestId('holder');
  }
  waiters(prefix: string): Locator {
    return this.row(prefix).getByTestId('waiter');
  }
}

test('shows holders and waiters live, and the next holder within TTL + 1 s of killing the holder', async ({
  page,
  etcdEndpoints,
}) => {
  test.setTimeout(90_000);
  const children: ChildProcess[] = [];
  const etcdctl = (...args: string[]) => {
    const child = spawn('/usr/bin/etcdctl', [`--endpoints=${etcdEndpoints}`, ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  };
  const id = Date.now().toString(36);
  const lock = `/e2e/locks/${id}`;
  const election = `/e2e/elect/${id}`;
  const view = new CoordinationPage(page);
  try {
    await view.goto();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coordination');

    // Three lock contenders, one after another: the first holds, the others wait in that order.
    const first = etcdctl('lock', '--ttl', String(TTL), lock);
    await expect(view.holder(lock)).toBeVisible({ timeout: 10_000 });
    const firstKey = await view.holder(lock).getAttribute('data-key');
    etcdctl('lock', '--ttl', String(TTL), lock);
    await expect(view.waiters(lock)).toHaveCount(1, { timeout: 10_000 });
    const nextKey = await view.waiters(lock).first().getAttribute('data-key');
    etcdctl('lock', '--ttl', String(TTL), lock);
    await expect(view.waiters(lock)).toHaveCount(2, { timeout: 10_000 });
    await expect(view.waiters(lock).first()).toHaveAttribute('data-key', nextKey!);
    await expect(view.row(lock)).toContainText('election or lock');

    // An election shows each candidate's proposal.
    etcdctl('elect', election, 'alpha');
    await expect(view.holder(election)).toHaveAttribute('data-value', 'alpha', { timeout: 10_000 });
    etcdctl('elect', election, 'beta');
    await expect(view.waiters(election)).toHaveAttribute('data-value', 'beta', { timeout: 10_000 });

    // SIGKILL: no unlock; the session lease (kept alive every TTL / 3) runs out within TTL, then the next holds.
    const ttlShown = Number(await view.holder(lock).getByTestId('instance-ttl').getAttribute('data-ttl'));
    expect(ttlShown).toBeLessThanOrEqual(TTL);
    const killedAt = Date.now();
    process.kill(first.pid!, 'SIGKILL');
    await expect(view.holder(lock)).toHaveAttribute('data-key', nextKey!, { timeout: (TTL + 1) * 1000 });
    expect(Date.now() - killedAt).toBeLessThanOrEqual((TTL + 1) * 1000);
    await expect(view.waiters(lock)).toHaveCount(1);

    // The detail shows the handover, from the history of the prefix.
    await view.row(lock).getByTestId('coordination-link').click();
    await expect(page.getByTestId('coordination-title')).toHaveText(lock);
    const handover = page.getByTestId('handover').first();
    await expect(handover).toContainText(firstKey!.split('/').pop()!);
    await expect(handover).toContainText(nextKey!.split('/').pop()!);
  } finally {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {}
      }
    }
  }
});
