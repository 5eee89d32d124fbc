import type { Locator, Page } from '@playwright/test';

/** The Service layouts settings page (/services/layouts), found by test id. */
export class LayoutsPage {
  readonly list: Locator;
  readonly form: Locator;
  readonly preview: Locator;
  readonly previewItems: Locator;
  readonly save: Locator;
  readonly conflict: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByTestId('layouts-list');
    this.form = page.getByTestId('declare-layout-form');
    this.preview = page.getByTestId('layout-preview');
    this.previewItems = page.getByTestId('layout-preview-item');
    this.save = page.getByTestId('declare-save');
    this.conflict = page.getByTestId('layouts-conflict');
  }

  async goto() {
    await this.page.goto('/services/layouts');
  }

  row(id: string): Locator {
    return this.page.getByTestId(`layout-row-${id}`);
  }

  /** Fills the declare form; `format` text needs no field mapping. */
  async fillDeclare(layout: { id: string; title: string; root: string; pattern: string; format?: string }) {
    await this.page.getByTestId('declare-id').fill(layout.id);
    await this.page.getByTestId('declare-title').fill(layout.title);
    await this.page.getByTestId('declare-root').fill(layout.root);
    await this.page.getByTestId('declare-pattern').fill(layout.pattern);
    await this.page.getByTestId('declare-format').selectOption(layout.format ?? 'text');
  }
}
