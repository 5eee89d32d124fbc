import { expect, type Locator, type Page } from '@playwright/test';

export class KeysPage {
  readonly tree: Locator;
  readonly editor: Locator;
  readonly saveButton: Locator;
  readonly saveError: Locator;
  readonly saveStatus: Locator;
  readonly conflict: Locator;
  readonly keyName: Locator;

  constructor(readonly page: Page) {
    this.tree = page.getByTestId('key-tree');
    this.editor = page.getByTestId('value-editor');
    this.saveButton = page.getByTestId('save-key');
    this.saveError = page.getByTestId('save-error');
    this.saveStatus = page.getByTestId('save-status');
    this.conflict = page.getByTestId('conflict-view');
    this.keyName = page.getByTestId('key-name');
  }

  async goto(query = '') {
    await this.page.goto(`/keys${query}`);
  }

  treeNode(key: string): Locator {
    return this.tree.locator(`[data-testid="tree-node"][data-key="${key}"]`);
  }

  /** Replaces the editor's whole text, as a user selecting all and typing would. */
  async setValue(text: string) {
    await this.editor.locator('.cm-content').click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  async editorText(): Promise<string> {
    return this.editor.locator('.cm-content').evaluate((el) => (el as HTMLElement).innerText);
  }

  async expectEditorToContain(text: string) {
    await expect.poll(() => this.editorText()).toContain(text);
  }
}
