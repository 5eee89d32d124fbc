// Service layouts in the UI on a real etcd: a layout declared in the settings page (previewed over real keys first)
// turns keys written with etcdctl into a service, live; foreign registrations written byte for byte as go-zero and
// etcd's gRPC naming write them show with their layout's badge and open (a gRPC target holds a slash).
import { Etcd3, type Lease } from 'etcd3';
import { writeForeignInstance } from '../scripts/demo/foreign-layouts.mjs';
import { expect, test } from './fixtures';
import { LayoutsPage } from './pages/layouts-page';
import { ServicesPage } from './pages/services-page';

const stamp = Date.now().toString(36);

test.describe('Service layouts', () => {
  let etcd: Etcd3;
  const leases: Lease[] = [];

  test.beforeAll(async ({ etcdEndpoints }) => {
    etcd = new Etcd3({ hosts: etcdEndpoints.split(',') });
  });

  test.afterAll(async ({ request }) => {
    for (const lease of leases) await lease.revoke().catch(() => {});
    await etcd.delete().prefix('/apps/');
    etcd.close();
    // Leave the settings as they were: without the layout this spec declared.
    const res = await request.get('/api/v1/layouts');
    if (res.ok()) {
      const { settings, modRevision } = await res.json();
      const declared = settings.declared.filter((d: { id: string }) => d.id !== `apps-${stamp}`);
      await request.put('/api/v1/layouts', {
        data: { settings: { ...settings, declared }, expectedModRevision: modRevision },
      });
    }
  });

  test('a layout declared in the UI shows a service from keys written with etcdctl, live', async ({
    page,
    etcdctl,
  }) => {
    test.setTimeout(90_000);
    const id = `apps-${stamp}`;
    const first = `billing-${stamp}`;
    const second = `orders-${stamp}`;
    const layouts = new LayoutsPage(page);
    const services = new ServicesPage(page);

    // A key that is there before the layout is: the preview finds it.
    await etcdctl('put', `/apps/${first}/i1`, '10.0.0.7:8080');

    await services.gotoList();
    await page.getByTestId('layouts-link').click();
    await expect(layouts.row('go-zero')).toBeVisible();
    await layouts.fillDeclare({ id, title: `Apps ${stamp}`, root: '/apps/', pattern: '{service}/{id}' });
    await expect(layouts.previewItems.filter({ hasText: `/apps/${first}/i1` })).toContainText(
      '10.0.0.7:8080',
    );
    await layouts.save.click();
    await expect(layouts.row(id)).toHaveAttribute('data-enabled', 'true');

    // Back on the Services page (same document), a key written now appears by itself with the layout's badge.
    await page.getByRole('link', { name: 'Services' }).first().click();
    await expect(services.serviceRowIn(first, id)).toBeVisible();
    await services.markDocument();
    await etcdctl('put', `/apps/${second}/i2`, '10.1.2.3:9090');
    const row = services.serviceRowIn(second, id);
    await expect(row).toBeVisible({ timeout: 10_000 });
    await expect(row.getByTestId('layout-badge')).toHaveText(id);
    expect(await services.documentIsMarked()).toBe(true);

    // The filter keeps only that layout's services.
    await page.getByTestId('services-layout-filter').selectOption(id);
    await expect(page.locator(`[data-testid^="service-row-"]:not([data-layout="${id}"])`)).toHaveCount(0);

    // Its detail: the instance's address and port, where it lives, and another instance live.
    await row.getByTestId('service-link').click();
    await expect(page).toHaveURL(new RegExp(`/services/${second}\\?layout=${id}$`));
    await expect(services.instanceRow('i2').getByTestId('instance-address')).toHaveText('10.1.2.3:9090');
    await expect(page.getByTestId('service-layout')).toHaveAttribute('data-layout', id);
    await expect(page.getByTestId('service-layout-where')).toHaveText('/apps/');
    // A declared layout without a deregister mode offers no write at all.
    await expect(services.instanceRow('i2').getByTestId('deregister-button')).toHaveCount(0);
    await expect(services.instanceRow('i2').getByTestId('drain-button')).toHaveCount(0);
    await etcdctl('put', `/apps/${second}/i3`, '10.1.2.4:9091');
    await expect(services.instanceRow('i3').getByTestId('instance-address')).toHaveText('10.1.2.4:9091');
  });

  test('go-zero and gRPC naming registrations show with their badge and open', async ({ page }) => {
    test.setTimeout(90_000);
    const zero = { service: `e2e-zero-${stamp}.rpc`, host: '10.9.8.7', port: 8081 };
    const grpc = { service: `e2e-grpc-${stamp}/greeter`, host: '10.9.8.8', port: 50051 };
    const services = new ServicesPage(page);
    await services.gotoList();

    for (const [layout, opts] of [
      ['go-zero', zero],
      ['grpc-naming', grpc],
    ] as const) {
      const { lease } = await writeForeignInstance(etcd, layout, opts);
      if (lease) leases.push(lease);
    }

    // Root-less layouts are found by detection (re-run when its answer is 10 s old) and the list's poll.
    const zeroRow = services.serviceRowIn(zero.service, 'go-zero');
    await expect(zeroRow).toBeVisible({ timeout: 30_000 });
    await expect(zeroRow.getByTestId('layout-badge')).toHaveText('go-zero');
    const grpcRow = services.serviceRowIn(grpc.service, 'grpc-naming');
    await expect(grpcRow).toBeVisible({ timeout: 30_000 });

    await zeroRow.getByTestId('service-link').click();
    await expect(page).toHaveURL(/\?layout=go-zero$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(zero.service);
    await expect(page.getByTestId('instance-address')).toHaveText('10.9.8.7:8081');
    await expect(page.getByTestId('service-layout-writes')).toContainText('lease');
    await expect(page.getByTestId('drain-button')).toHaveCount(0);

    // A name with a slash: one URL-encoded path segment, the exact name in ?name= (client-side navigation).
    await page.goBack();
    await grpcRow.getByTestId('service-link').click();
    await expect(page).toHaveURL(/\/services\/e2e-grpc-[a-z0-9]+%2Fgreeter\?layout=grpc-naming&name=/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(grpc.service);
    await expect(page.getByTestId('instance-address')).toHaveText('10.9.8.8:50051');
    // A full load of that address (reload, bookmark) finds the same service.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(grpc.service);
    await expect(page.getByTestId('instance-address')).toHaveText('10.9.8.8:50051');
  });

  test('an invalid name in our own layout is a 404', async ({ page }) => {
    // (The status may already be sent as 200 when the page streams; the not-found page is what counts.)
    await page.goto('/services/not%20a%20name');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByTestId('no-instances')).toHaveCount(0);
  });
});
