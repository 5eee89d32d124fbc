import type { Locator, Page } from '@playwright/test';

/** The /leases page of a console at `baseUrl`; leases are addressed by the hex ID etcdctl prints. */
export class LeasesPage {
  readonly table: Locator;
  readonly detail: Locator;
  readonly revokeDialog: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.table = page.getByTestId('lease-table');
    this.detail = page.getByTestId('lease-detail');
    this.revokeDialog = page.getByTestId('revoke-dialog');
  }

  async goto() {
    await this.page.goto(`${this.baseUrl}/leases`);
  }

  row(hex: string): Locator {
    return this.page.locator(`[data-testid="lease-row"][data-lease="${hex}"]`);
  }

  async open(hex: string) {
    await this.row(hex).getByTestId('lease-open').click();
  }

  /** Opens the revoke confirmation of the lease shown in the detail panel. */
  async askToRevoke() {
    await this.detail.getByTestId('lease-revoke').click();
  }

  async confirmRevoke() {
    await this.revokeDialog.getByTestId('confirm-action').click();
  }
}
