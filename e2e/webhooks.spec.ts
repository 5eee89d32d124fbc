// Webhooks in Chromium: an endpoint pointing at a local receiver that always fails; a key put under its prefix shows
// up as a delivery whose failed attempts, last answer and next retry the page keeps current.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

class WebhooksPageObject {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.goto('/webhooks');
  }
  async create(url: string, prefix: string) {
    await this.page.getByTestId('webhook-url').fill(url);
    await this.page.getByTestId('webhook-prefix').fill(prefix);
    await this.page.getByTestId('webhook-add').click();
  }
  get secret(): Locator {
    return this.page.getByTestId('webhook-secret-value');
  }
  card(url: string): Locator {
    return this.page.locator('section[data-testid^="webhook-"]').filter({ hasText: url });
  }
}

test.describe('Webhooks page', () => {
  let server: http.Server;
  let url = '';
  let received = 0;

  test.beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received += 1;
        res.writeHead(500).end('receiver down');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/failing`;
  });

  test.afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('shows the secret once, then the failed attempts of a delivery to a failing receiver', async ({
    page,
    etcdctl,
  }) => {
    const webhooks = new WebhooksPageObject(page);
    await webhooks.open();
    await webhooks.create(url, '/e2e/webhooks/');
    await expect(webhooks.secret).toHaveText(/^whsec_/);
    const card = webhooks.card(url);
    await expect(card.getByTestId('webhook-state')).toHaveText('enabled');
    // Shown once: a reload lists the endpoint with a hint only.
    const secret = (await webhooks.secret.textContent()) ?? '';
    await page.reload();
    await expect(card).toContainText(`…${secret.slice(-4)}`);
    await expect(webhooks.secret).toHaveCount(0);

    await etcdctl('put', '/e2e/webhooks/feature', 'on');
    const row = card.getByTestId('webhook-delivery').first();
    await expect(row).toContainText('config.published');
    await expect(row.getByTestId('delivery-answer')).toHaveText('HTTP 500');
    await expect(row.getByTestId('delivery-status')).toHaveText('pending');
    // Retried with backoff (1 s, then 2 s): the page follows the attempts as they fail.
    await expect(row.getByTestId('delivery-attempts')).toHaveText(/^[2-5]$/, { timeout: 15_000 });
    await expect(row.getByTestId('delivery-next')).not.toHaveText('—');
    expect(received).toBeGreaterThanOrEqual(2);

    await card.getByTestId('webhook-toggle').click();
    await expect(card.getByTestId('webhook-state')).toHaveText('disabled');
    await card.getByTestId('webhook-delete').click();
    await page.getByTestId('confirm-action').click();
    await expect(card).toHaveCount(0);
  });
});
