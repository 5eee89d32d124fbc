import { spawnSubscriber } from '../test/fixtures/subscriber-spawn';
import { expect, test } from './fixtures';
import { KeysPage } from './pages/keys-page';

test('after a save the editor shows propagation to subscribers, and a stopped one as pending', async ({
  page,
  etcdctl,
  etcdEndpoints,
}) => {
  test.setTimeout(90_000);
  await etcdctl('put', '/e2e/prop/app.json', '{"limit": 1}');
  const endpoints = etcdEndpoints.split(',');
  const subscribers = ['east', 'west'].map((instance) =>
    spawnSubscriber(endpoints, { prefix: '/e2e/prop/', app: 'checkout', instance, parse: 'json' }),
  );
  try {
    await Promise.all(subscribers.map((s) => s.waitFor((e) => e.type === 'ready', 20_000)));
    const keys = new KeysPage(page);
    await keys.goto('?prefix=/e2e/prop/&key=/e2e/prop/app.json');
    await keys.expectEditorToContain('"limit": 1');

    // Both apply the saved revision: the panel reaches "all applied" without reload.
    await keys.setValue('{"limit": 2}');
    await keys.saveButton.click();
    const propagation = page.getByTestId('propagation');
    await expect(propagation).toHaveAttribute('data-state', 'complete', { timeout: 15_000 });
    await expect(page.getByTestId('propagation-summary')).toContainText('all 2 applied');

    // One subscriber frozen: it shows as pending; once it runs again, the revision is applied everywhere.
    subscribers[1]!.signal('SIGSTOP');
    await keys.setValue('{"limit": 3}');
    await keys.saveButton.click();
    await expect(page.getByTestId('propagation-pending')).toContainText('checkout/west', { timeout: 15_000 });
    await expect(propagation).toHaveAttribute('data-state', 'pending');
    subscribers[1]!.signal('SIGCONT');
    await expect(propagation).toHaveAttribute('data-state', 'complete', { timeout: 15_000 });

    // The Subscribers tab lists both with their applied revision.
    await page.getByTestId('tab-subscribers').click();
    await expect(page.getByTestId('subscriber-row')).toHaveCount(2);
  } finally {
    for (const s of subscribers) {
      s.signal('SIGCONT');
      await s.stop();
    }
  }
});
