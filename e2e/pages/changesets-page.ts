import type { Locator, Page } from '@playwright/test';

/** The change set page: its edits, actions, verdicts and canary panel. */
export class ChangeSetPage {
  readonly state: Locator;
  readonly edits: Locator;
  readonly publish: Locator;
  readonly rebase: Locator;
  readonly blockers: Locator;
  readonly approve: Locator;
  readonly comment: Locator;
  readonly verdictBlocked: Locator;
  readonly canary: Locator;

  constructor(readonly page: Page) {
    this.state = page.getByTestId('changeset-state');
    this.edits = page.getByTestId('changeset-edit');
    this.publish = page.getByTestId('publish');
    this.rebase = page.getByTestId('rebase');
    this.blockers = page.getByTestId('publish-blockers');
    this.approve = page.getByTestId('approve');
    this.comment = page.getByTestId('verdict-comment');
    this.verdictBlocked = page.getByTestId('verdict-blocked');
    this.canary = page.getByTestId('canary-panel');
  }

  edit(key: string): Locator {
    return this.page.locator(`[data-testid="changeset-edit"][data-key="${key}"]`);
  }

  canaryInstance(id: string): Locator {
    return this.page.locator(`[data-testid="canary-instance"][data-instance="${id}"]`);
  }
}
