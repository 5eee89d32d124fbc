import type { Locator, Page } from '@playwright/test';

/** The Services list and a service's detail page, found by test id. */
export class ServicesPage {
  readonly search: Locator;
  readonly heading: Locator;
  readonly dialog: Locator;
  readonly confirm: Locator;
  readonly conflict: Locator;
  readonly notice: Locator;
  readonly pickButton: Locator;
  readonly pickTenButton: Locator;
  readonly pickStrategy: Locator;
  readonly pickResult: Locator;
  readonly pickUnavailable: Locator;
  readonly pickTally: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByTestId('services-search');
    this.heading = page.getByRole('heading', { level: 1 });
    this.dialog = page.getByTestId('instance-action-dialog');
    this.confirm = page.getByTestId('action-confirm');
    this.conflict = page.getByTestId('action-conflict');
    this.notice = page.getByTestId('action-notice');
    this.pickButton = page.getByTestId('pick-button');
    this.pickTenButton = page.getByTestId('pick-ten-button');
    this.pickStrategy = page.getByTestId('pick-strategy');
    this.pickResult = page.getByTestId('pick-result');
    this.pickUnavailable = page.getByTestId('pick-unavailable');
    this.pickTally = page.getByTestId('pick-tally');
  }

  async gotoList() {
    await this.page.goto('/services');
  }

  async gotoService(name: string) {
    await this.page.goto(`/services/${name}`);
  }

  serviceRow(name: string): Locator {
    return this.page.getByTestId(`service-row-${name}`);
  }

  /** The row of a service in one layout (a name may be used by two layouts). */
  serviceRowIn(name: string, layout: string): Locator {
    return this.page.locator(`[data-testid="service-row-${name}"][data-layout="${layout}"]`);
  }

  async openService(name: string) {
    await this.serviceRow(name).getByTestId('service-link').click();
  }

  instanceRow(id: string): Locator {
    return this.page.getByTestId(`instance-row-${id}`);
  }

  timelineRow(id: string): Locator {
    return this.page.getByTestId(`timeline-row-${id}`);
  }

  /** Seconds left on the instance's lease as the page shows them now; null while it is not on the page. */
  async ttlOf(id: string): Promise<number | null> {
    const ttl = this.instanceRow(id).getByTestId('instance-ttl');
    if ((await ttl.count()) === 0) return null;
    const value = await ttl.getAttribute('data-ttl', { timeout: 1000 }).catch(() => null);
    return value === null ? null : Number(value);
  }

  async openAction(id: string, action: 'drain' | 'undrain' | 'deregister') {
    await this.instanceRow(id).getByTestId(`${action}-button`).click();
    await this.dialog.waitFor();
  }

  /** Marks the document, so a later check can tell that nothing reloaded it. */
  async markDocument() {
    await this.page.evaluate(() => {
      (window as unknown as { __servicesMark?: boolean }).__servicesMark = true;
    });
  }

  async documentIsMarked(): Promise<boolean> {
    return this.page.evaluate(
      () => (window as unknown as { __servicesMark?: boolean }).__servicesMark === true,
    );
  }
}
