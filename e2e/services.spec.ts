// The Services pages on a real etcd, with instances that are real child processes registering through the SDK.
import { spawnInstance } from '../test/fixtures/registry-spawn';
import { expect, test } from './fixtures';
import { ServicesPage } from './pages/services-page';

const TTL = 3;
// How long a killed instance may take to vanish: its TTL, etcd's expiry sweep, and the page's refetch.
const VANISH_MS = (TTL + 5) * 1000;

test('instances appear live, count their TTL down, drain out of pick, and vanish when killed', async ({
  page,
  request,
  etcdEndpoints,
}) => {
  test.setTimeout(120_000);
  const endpoints = etcdEndpoints.split(',');
  const service = `e2e-${Date.now().toString(36)}`;
  const services = new ServicesPage(page);
  const children: Array<ReturnType<typeof spawnInstance>> = [];
  const start = (id: string, port: number) => {
    const child = spawnInstance(endpoints, [service, id, String(TTL), String(port)]);
    children.push(child);
    return child;
  };
  const pickIds = async (strategy: string, times: number) => {
    const ids = new Set<string>();
    for (let n = 0; n < times; n++) {
      const res = await request.get(`/api/v1/services/${service}/pick?strategy=${strategy}`);
      expect(res.status()).toBe(200);
      ids.add((await res.json()).instance.id);
    }
    return [...ids].sort();
  };

  try {
    // The list is open before the service exists.
    await services.gotoList();
    await expect(services.heading).toHaveText('Services');
    await expect(services.serviceRow(service)).toHaveCount(0);
    await services.markDocument();

    // A new instance appears without a reload.
    const a = start('a', 9101);
    await a.waitFor('ready');
    await expect(services.serviceRow(service)).toBeVisible({ timeout: 10_000 });
    await expect(services.serviceRow(service).getByTestId('count-instances')).toHaveText('1');
    await expect(services.serviceRow(service).getByTestId('count-up')).toHaveText('1');

    // Search narrows the list.
    await services.search.fill(service);
    await expect(services.serviceRow(service)).toBeVisible();
    await services.search.fill(`${service}-nothing`);
    await expect(services.serviceRow(service)).toHaveCount(0);
    await expect(page.getByTestId('no-match')).toBeVisible();
    await services.search.fill('');

    // Into the service, still the same document.
    await services.openService(service);
    await expect(page).toHaveURL(new RegExp(`/services/${service}$`));
    await expect(services.instanceRow('a')).toBeVisible();
    await expect(services.instanceRow('a').getByTestId('instance-address')).toHaveText('127.0.0.1:9101');

    // A second instance started while the page is open shows up by itself.
    const b = start('b', 9102);
    await b.waitFor('ready');
    await expect(services.instanceRow('b')).toBeVisible({ timeout: 10_000 });
    await expect(services.instanceRow('b').getByTestId('instance-status')).toHaveAttribute(
      'data-status',
      'up',
    );
    expect(await services.documentIsMarked()).toBe(true);

    // Its TTL ticks down between reads and jumps back up when the page sees the kept-alive lease.
    const seen: number[] = [];
    for (let n = 0; n < 40; n++) {
      const ttl = await services.ttlOf('b');
      if (ttl !== null) seen.push(ttl);
      await page.waitForTimeout(200);
    }
    test.info().annotations.push({ type: 'ttl samples', description: seen.join(',') });
    const fell = seen.findIndex((v, i) => i > 0 && v < seen[i - 1]!);
    expect(fell, `TTL samples: ${seen.join(',')}`).toBeGreaterThan(0);
    expect(
      seen.some((v, i) => i > fell && v > seen[i - 1]!),
      `TTL samples: ${seen.join(',')}`,
    ).toBe(true);
    expect(Math.max(...seen), `TTL samples: ${seen.join(',')}`).toBeLessThanOrEqual(TTL);
    expect(Math.min(...seen), `TTL samples: ${seen.join(',')}`).toBeGreaterThan(0);

    // Drain b from the UI: the dialog says what happens, the row turns draining, and pick skips it.
    await services.openAction('b', 'drain');
    await expect(services.dialog).toContainText('GET /pick');
    await services.confirm.click();
    await expect(services.dialog).toBeHidden();
    await expect(services.instanceRow('b')).toHaveAttribute('data-status', 'draining');
    await expect(services.notice).toContainText('b');
    for (const strategy of ['round-robin', 'weighted', 'random']) {
      expect(await pickIds(strategy, 8)).toEqual(['a']);
    }
    await services.pickTenButton.click();
    await expect(services.pickResult).toHaveAttribute('data-instance', 'a');
    await expect(services.pickTally).toHaveText(/^a ×10$/);

    // Kill a outright: no deregistration, so it goes when its lease expires.
    const killedAt = Date.now();
    a.proc.kill('SIGKILL');
    await expect(services.instanceRow('a')).toHaveCount(0, { timeout: VANISH_MS });
    expect(Date.now() - killedAt).toBeLessThan(VANISH_MS);

    // Only a draining instance is left: pick answers 503, and the tester says so plainly.
    expect((await request.get(`/api/v1/services/${service}/pick`)).status()).toBe(503);
    await services.pickButton.click();
    await expect(services.pickUnavailable).toContainText('None of the 1 registered instances is up');

    // Undrain, with someone else writing the instance in between: a 409 to review, then applied.
    await services.openAction('b', 'undrain');
    const patched = await request.patch(`/api/v1/services/${service}/instances/b`, { data: { weight: 2 } });
    expect(patched.status()).toBe(200);
    await services.confirm.click();
    await expect(services.conflict).toBeVisible();
    await expect(services.dialog).toBeVisible();
    await services.confirm.click();
    await expect(services.dialog).toBeHidden();
    await expect(services.instanceRow('b')).toHaveAttribute('data-status', 'up');
    expect(await pickIds('round-robin', 3)).toEqual(['b']);

    // Deregister b: the SDK instance is still running, so it registers itself again, and the timeline counts a flap.
    await services.openAction('b', 'deregister');
    await expect(services.dialog).toContainText('registers itself again');
    await services.confirm.click();
    await expect(services.notice).toContainText('deregistered');
    await b.waitFor('registered', 15_000, b.events.findIndex((e) => e.type === 'ready') + 1);
    await expect(services.instanceRow('b')).toBeVisible({ timeout: 10_000 });
    await expect(services.timelineRow('b')).toHaveAttribute('data-flaps', '1', { timeout: 10_000 });
    await expect(services.timelineRow('a')).toContainText(/gone/);
    expect(await services.documentIsMarked()).toBe(true);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
});
