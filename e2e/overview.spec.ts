import { expect, test } from './fixtures';
import { OverviewPage } from './pages/overview-page';

test('Overview shows the live etcd, follows a put made with etcdctl, switches language and theme', async ({
  page,
  etcdctl,
}) => {
  const overview = new OverviewPage(page);
  await overview.goto();

  // Real figures from the real etcd.
  await expect(overview.health).toHaveAttribute('data-state', 'up');
  await expect(overview.members).toHaveText('1');
  const before = await overview.revisionNumber();
  expect(before).toBeGreaterThan(0);

  // A write made outside the console shows up without a reload.
  await etcdctl('put', '/e2e/overview/probe', String(Date.now()));
  await expect.poll(() => overview.revisionNumber(), { timeout: 10_000 }).toBeGreaterThan(before);

  // 中文 and back.
  await expect(overview.heading).toHaveText('Overview');
  await overview.localeSwitch.click();
  await expect(overview.heading).toHaveText('概览');
  await expect(page.getByTestId('nav-keys')).toHaveText('键值');
  await page.reload();
  await expect(overview.heading).toHaveText('概览');
  await overview.localeSwitch.click();
  await expect(overview.heading).toHaveText('Overview');

  // Dark mode on and off, remembered across a reload.
  const wasDark = await overview.isDark();
  await overview.themeToggle.click();
  await expect.poll(() => overview.isDark()).toBe(!wasDark);
  await page.reload();
  await expect.poll(() => overview.isDark()).toBe(!wasDark);
  await overview.themeToggle.click();
  await expect.poll(() => overview.isDark()).toBe(wasDark);
});

test('the API page lists the documented routes', async ({ page }) => {
  await page.goto('/api-docs');
  const operations = page.getByTestId('api-operations');
  await expect(operations).toContainText('/api/v1/health');
  await expect(operations).toContainText('/api/v1/openapi.json');
});
