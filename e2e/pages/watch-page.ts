import type { Locator, Page } from '@playwright/test';

export class WatchPageObject {
  readonly target: Locator;
  readonly start: Locator;
  readonly state: Locator;
  readonly rows: Locator;
  readonly log: Locator;

  constructor(readonly page: Page) {
    this.target = page.getByTestId('watch-target');
    this.start = page.getByTestId('watch-start');
    this.state = page.getByTestId('watch-state');
    this.rows = page.getByTestId('watch-row');
    this.log = page.getByTestId('watch-log');
  }

  async watchPrefix(prefix: string, baseUrl = '') {
    await this.page.goto(`${baseUrl}/watch`);
    await this.target.fill(prefix);
    await this.start.click();
  }

  rowFor(key: string): Locator {
    return this.rows.filter({ hasText: key });
  }
}
