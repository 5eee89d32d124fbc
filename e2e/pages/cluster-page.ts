import type { Locator, Page } from '@playwright/test';

/** The /cluster page of a console at `baseUrl` (the cluster spec runs its own console, not the shared one). */
export class ClusterPage {
  readonly cards: Locator;
  readonly leaderCard: Locator;
  readonly error: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.cards = page.getByTestId('member-card');
    this.leaderCard = page.locator('[data-testid="member-card"][data-leader="true"]');
    this.error = page.getByTestId('cluster-error');
  }

  async goto() {
    await this.page.goto(`${this.baseUrl}/cluster`);
  }

  member(name: string): Locator {
    return this.page.locator(`[data-testid="member-card"][data-member="${name}"]`);
  }

  memberError(name: string): Locator {
    return this.member(name).getByTestId('member-error');
  }

  async leaderName(): Promise<string | null> {
    return this.leaderCard.getAttribute('data-member');
  }
}
