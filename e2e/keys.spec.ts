import { expect, test } from './fixtures';
import { KeysPage } from './pages/keys-page';

test.describe('Keys page', () => {
  test('browse, edit JSON (invalid blocked), conflict with etcdctl shows the three-way view, restore from history', async ({
    page,
    etcdctl,
  }) => {
    await etcdctl('put', '/e2e/app/settings.json', '{"retries": 1}');
    await etcdctl('put', '/e2e/app/other', 'x');
    const keys = new KeysPage(page);
    await keys.goto();

    // Browse the tree down to the key and open it.
    await keys.treeNode('/').click();
    await keys.treeNode('/e2e/').click();
    await keys.treeNode('/e2e/app/').click();
    await keys.treeNode('/e2e/app/settings.json').click();
    await expect(keys.keyName).toHaveText('/e2e/app/settings.json');
    await keys.expectEditorToContain('"retries": 1');
    // Beside the name (not in it), the value's kind.
    await expect(page.getByTestId('value-badge')).toHaveAttribute('data-kind', 'json');
    await expect(page.getByTestId('format-select')).toHaveValue('json');

    // A syntax error blocks the save and says where.
    await keys.setValue('{"retries": 2,}');
    await keys.saveButton.click();
    await expect(keys.saveError).toContainText('line 1');
    expect(await etcdctl('get', '/e2e/app/settings.json', '--print-value-only')).toContain('"retries": 1');

    // Fixed, it saves.
    await keys.setValue('{"retries": 2}');
    await keys.saveButton.click();
    await expect(keys.saveStatus).toContainText('Saved at revision');
    expect(await etcdctl('get', '/e2e/app/settings.json', '--print-value-only')).toContain('"retries": 2');

    // Someone else writes while I edit: my save is refused and the three-way view appears.
    await keys.setValue('{"retries": 3}');
    await etcdctl('put', '/e2e/app/settings.json', '{"retries": 99}');
    await expect(page.getByTestId('changed-elsewhere')).toBeVisible();
    await keys.saveButton.click();
    await expect(keys.conflict).toBeVisible();
    await expect(keys.conflict.getByTestId('merge-editor')).toContainText('"retries": 99');
    await expect(keys.conflict.getByTestId('merge-editor')).toContainText('"retries": 3');
    await expect(keys.conflict.getByTestId('conflict-base')).toContainText('"retries": 2');
    expect(await etcdctl('get', '/e2e/app/settings.json', '--print-value-only')).toContain('"retries": 99');
    await keys.conflict.getByTestId('keep-mine').click();
    await expect(keys.conflict).toBeHidden();
    await expect(keys.saveStatus).toContainText('Saved at revision');
    expect(await etcdctl('get', '/e2e/app/settings.json', '--print-value-only')).toContain('"retries": 3');

    // History: restore the first version.
    await page.getByTestId('tab-history').click();
    const rows = page.getByTestId('history-row');
    await expect(rows).toHaveCount(4);
    await rows.last().getByTestId('restore-version').click();
    await page.getByTestId('confirm-restore').click();
    await expect(page.getByTestId('history-message')).toContainText('Restored');
    expect(await etcdctl('get', '/e2e/app/settings.json', '--print-value-only')).toContain('"retries": 1');
    await expect(rows).toHaveCount(5);
  });

  test('a change made with etcdctl appears without reload; a prefix can be viewed at an older revision', async ({
    page,
    etcdctl,
  }) => {
    const first = await etcdctl('put', '/e2e/live/a', 'one', '-w', 'json');
    const revision = JSON.parse(first).header.revision as number;
    const keys = new KeysPage(page);
    await keys.goto('?prefix=/e2e/live/');
    await expect(page.getByTestId('key-list')).toContainText('/e2e/live/a');

    // Live: a new key shows up in the listing and the tree, no reload.
    await etcdctl('put', '/e2e/live/b', 'two');
    await expect(page.getByTestId('key-list')).toContainText('/e2e/live/b');
    await expect(keys.treeNode('/e2e/live/b')).toBeVisible();

    // Open a key and watch its value change live.
    await page.getByTestId('key-row').filter({ hasText: '/e2e/live/a' }).click();
    await keys.expectEditorToContain('one');
    await etcdctl('put', '/e2e/live/a', 'uno');
    await keys.expectEditorToContain('uno');

    // Time travel: the prefix as it was when only "a" existed, with its old value.
    await page.getByTestId('revision-input').fill(String(revision));
    await page.getByTestId('view-at-revision').click();
    await expect(page.getByTestId('pinned-banner')).toContainText(String(revision));
    await keys.expectEditorToContain('one');
    await page.getByTestId('back-to-live').click();
    await keys.goto(`?prefix=/e2e/live/&rev=${revision}`);
    await expect(page.getByTestId('key-list')).toContainText('/e2e/live/a');
    await expect(page.getByTestId('key-list')).not.toContainText('/e2e/live/b');

    // What changed since then.
    await keys.goto(`?prefix=/e2e/live/&diff=${revision}`);
    await expect(page.getByTestId('diff-report')).toContainText('/e2e/live/b');
    await expect(page.getByTestId('diff-amber')).toContainText('/e2e/live/a');
  });

  test('user data renders as text, never as markup', async ({ page, etcdctl }) => {
    const payload = '<img src=x onerror="document.title=\'pwned\'">';
    await etcdctl('put', `/e2e/xss/${payload}`, payload);
    const keys = new KeysPage(page);
    await keys.goto('?prefix=/e2e/xss/');
    await expect(page.getByTestId('key-list')).toContainText(payload);
    await page.getByTestId('key-row').first().click();
    await expect(keys.keyName).toHaveText(`/e2e/xss/${payload}`);
    await keys.expectEditorToContain(payload);
    expect(await page.title()).not.toBe('pwned');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
  });
});
