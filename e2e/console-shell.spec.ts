// The console's shared pieces: the dialog's focus trap, the key listing's names and sizes, the 404, the sidebar.
import { expect, test } from './fixtures';

const PREFIX = '/e2e/shell/';
const LONG_KEY = `${PREFIX}a-directory-name-long-enough-to-push-the-rest-out-of-any-column/and-another-one/cmd-0193-leaf`;

test('a dialog keeps the focus inside, closes on Escape and gives the focus back to its opener', async ({
  page,
  etcdctl,
}) => {
  await etcdctl('put', `${PREFIX}seed`, 'x');
  await page.goto(`/keys?prefix=${encodeURIComponent(PREFIX)}`);
  const opener = page.getByTestId('new-key');
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'New key' });
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('new-key-name')).toBeFocused();

  // Tab and Shift+Tab cycle among the dialog's controls, never the page behind it.
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
  }

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test('the key listing shows long keys cut in the middle, and no size it did not read', async ({
  page,
  etcdctl,
}) => {
  await etcdctl('put', LONG_KEY, 'a value of some bytes');
  await page.goto(`/keys?prefix=${encodeURIComponent(PREFIX)}`);
  const row = page.getByTestId('key-row').filter({ hasText: 'cmd-0193-leaf' });
  await expect(row).toHaveText(LONG_KEY);
  await expect(row).toHaveAttribute('title', LONG_KEY);

  // The last segment is whole on screen; the directory part gives way.
  const leaf = row.locator('span').last();
  await expect(leaf).toHaveText('cmd-0193-leaf');
  const clipped = await leaf.evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(clipped).toBe(false);

  // A keys-only listing does not know sizes: it says so instead of showing 0 B.
  const listing = page.getByTestId('key-list');
  await expect(listing).not.toContainText('0 B');
  await expect(listing.getByTitle('size not read: keys-only listing').first()).toHaveText('—');
});

test('an unknown page is a 404 with a way back', async ({ page }) => {
  const res = await page.goto('/no-such-page-here');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('page-not-found')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to the overview' })).toBeVisible();
});

test('the sidebar runs the whole length of a long page and its links stay in view', async ({ page }) => {
  await page.goto('/api-docs');
  await expect(page.getByTestId('api-operations')).toBeVisible();
  const { pageHeight, asideHeight, viewport } = await page.evaluate(() => ({
    pageHeight: document.documentElement.scrollHeight,
    asideHeight: document.querySelector('aside')?.getBoundingClientRect().height ?? 0,
    viewport: window.innerHeight,
  }));
  expect(pageHeight).toBeGreaterThan(viewport);
  expect(asideHeight).toBeGreaterThanOrEqual(pageHeight - 1);

  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.getByTestId('nav-overview')).toBeInViewport();
});
