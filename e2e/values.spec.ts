// Values people can read: a Kubernetes object and an encrypted Secret, written as the API server writes them (bytes
// built from the protobuf wire format), decoded in the key editor; and a prefix of non-UTF-8 bytes opened in the tree.
import { randomBytes } from 'node:crypto';
import { Etcd3 } from 'etcd3';
import { podValue } from '../test/helpers/protobuf-encoder';
import { expect, test } from './fixtures';
import { KeysPage } from './pages/keys-page';

const POD_KEY = '/registry/pods/default/web-0';
const SECRET_KEY = '/registry/secrets/default/db-password';
const BIN_PREFIX = Buffer.concat([Buffer.from('/e2e-bin/'), Buffer.from([0xff, 0xfe]), Buffer.from('/')]);

test.describe('Recognised values', () => {
  let etcd: Etcd3;

  test.beforeAll(async ({ etcdEndpoints }) => {
    etcd = new Etcd3({ hosts: etcdEndpoints.split(',') });
    const pod = podValue({
      name: 'web-0',
      namespace: 'default',
      uid: '3f1c6a52-8d0e-4b7e-9a51-0c2d3e4f5a6b',
      resourceVersion: '48213',
      createdSeconds: 1_767_225_600,
      labels: { app: 'web', tier: 'frontend' },
      image: 'nginx:1.27',
      nodeName: 'node-a',
    });
    await etcd.put(POD_KEY).value(Buffer.from(pod));
    // kubernetes/apiserver: "k8s:enc:aescbc:v1:" + key name + ":" + ciphertext (never valid text).
    const ciphertext = Buffer.concat([Buffer.from([0xff, 0x00, 0x9c]), randomBytes(61)]);
    await etcd.put(SECRET_KEY).value(Buffer.concat([Buffer.from('k8s:enc:aescbc:v1:key1:'), ciphertext]));
    await etcd.put(Buffer.concat([BIN_PREFIX, Buffer.from('leaf')])).value('inside a binary prefix');
  });

  test.afterAll(async () => {
    await etcd.delete().key(POD_KEY);
    await etcd.delete().key(SECRET_KEY);
    await etcd.delete().prefix(BIN_PREFIX);
    etcd.close();
  });

  test('a Kubernetes Pod shows its kind, name, namespace and labels, read-only', async ({ page }) => {
    const keys = new KeysPage(page);
    await keys.goto(
      `?prefix=${encodeURIComponent('/registry/pods/default/')}&key=${encodeURIComponent(POD_KEY)}`,
    );
    await expect(page.getByTestId('value-badge')).toHaveAttribute('data-kind', 'kubernetes');
    await expect(page.getByTestId('kube-kind')).toHaveText('Pod');
    await expect(page.getByTestId('kube-name')).toHaveText('web-0');
    await expect(page.getByTestId('kube-namespace')).toHaveText('default');
    await expect(page.getByTestId('kube-label')).toHaveText(['app=web', 'tier=frontend']);
    await expect(page.getByTestId('kube-fields')).toContainText('nginx:1.27');
    // Editing as text would corrupt it: no save, and the reason is shown.
    await expect(page.getByTestId('edit-blocked')).toBeVisible();
    await expect(keys.saveButton).toHaveCount(0);
    // The raw view is there to look at, still read-only.
    await page.getByTestId('view-raw').click();
    await expect(keys.editor).toBeVisible();
    await expect(keys.saveButton).toHaveCount(0);
  });

  test('an encrypted Secret shows its provider and key, and no ciphertext as text', async ({ page }) => {
    const keys = new KeysPage(page);
    await keys.goto(
      `?prefix=${encodeURIComponent('/registry/secrets/default/')}&key=${encodeURIComponent(SECRET_KEY)}`,
    );
    await expect(page.getByTestId('value-badge')).toHaveAttribute('data-kind', 'encrypted');
    await expect(page.getByTestId('encrypted-provider')).toHaveText('aescbc v1');
    await expect(page.getByTestId('encrypted-key-name')).toHaveText('key1');
    await expect(keys.editor).toHaveCount(0);
    const shown = (await page.getByTestId('key-panel').textContent()) ?? '';
    expect(shown).not.toContain('\ufffd');
    expect([...shown].filter((c) => c.charCodeAt(0) < 9)).toEqual([]);
  });

  test('a prefix of non-UTF-8 bytes opens in the tree, and its key opens', async ({ page }) => {
    const keys = new KeysPage(page);
    await keys.goto();
    await keys.treeNode('/').click();
    await keys.treeNode('/e2e-bin/').click();
    const binary = keys.treeNode(BIN_PREFIX.toString('base64'));
    await expect(binary).toHaveAttribute('data-encoding', 'base64');
    await binary.click();
    await expect(page).toHaveURL(/penc=base64/);
    const leafKey = Buffer.concat([BIN_PREFIX, Buffer.from('leaf')]).toString('base64');
    await keys.treeNode(leafKey).click();
    await expect(keys.keyName).toContainText(`base64:${leafKey}`);
    await keys.expectEditorToContain('inside a binary prefix');
    // The listing of the binary prefix holds the key too.
    await page.goto(`/keys?prefix=${encodeURIComponent(BIN_PREFIX.toString('base64'))}&penc=base64`);
    await expect(page.getByTestId('key-row')).toHaveText([`base64:${leafKey}`]);
  });
});
