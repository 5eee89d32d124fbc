import type { Locator, Page } from '@playwright/test';

export class OverviewPage {
  readonly revision: Locator;
  readonly keyCount: Locator;
  readonly members: Locator;
  readonly health: Locator;
  readonly localeSwitch: Locator;
  readonly themeToggle: Locator;
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.revision = page.getByTestId('stat-revision');
    this.keyCount = page.getByTestId('stat-keys');
    this.members = page.getByTestId('stat-members');
    this.health = page.getByTestId('health-badge');
    this.localeSwitch = page.getByTestId('locale-switch');
    this.themeToggle = page.getByTestId('theme-toggle');
    this.heading = page.getByRole('heading', { level: 1 });
  }

  async goto() {
    await this.page.goto('/');
  }

  async revisionNumber(): Promise<number> {
    return Number(((await this.revision.textContent()) ?? '').replace(/[^\d]/g, ''));
  }

  async isDark(): Promise<boolean> {
    return this.page.evaluate(() => document.documentElement.classList.contains('dark'));
  }
}
