import { expect, type Locator, type Page } from '@playwright/test';

export type PushInput = {
  group: string;
  type: string;
  payload?: string;
  workerId?: string;
  mode?: 'any' | 'all';
  deadlineSeconds?: number;
};

export class WorkersPageObject {
  readonly pushForm: Locator;
  readonly group: Locator;
  readonly type: Locator;
  readonly worker: Locator;
  readonly mode: Locator;
  readonly deadline: Locator;
  readonly payload: Locator;
  readonly submit: Locator;
  readonly warning: Locator;
  readonly result: Locator;
  readonly error: Locator;
  readonly dialog: Locator;
  readonly commandList: Locator;
  /** The command detail page (/workers/commands/{id}). */
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.pushForm = page.getByTestId('push-form');
    this.group = page.getByTestId('push-group');
    this.type = page.getByTestId('push-type');
    this.worker = page.getByTestId('push-worker');
    this.mode = page.getByTestId('push-mode');
    this.deadline = page.getByTestId('push-deadline');
    this.payload = page.getByTestId('push-payload');
    this.submit = page.getByTestId('push-submit');
    this.warning = page.getByTestId('push-warning');
    this.result = page.getByTestId('push-result');
    this.error = page.getByTestId('push-error');
    this.dialog = page.getByTestId('confirm-dialog');
    this.commandList = page.getByTestId('command-list');
    this.detail = page.getByTestId('command-detail');
  }

  async goto() {
    await this.page.goto('/workers');
  }

  workerCard(id: string): Locator {
    return this.page.locator(`[data-testid="worker-row"][data-worker="${id}"]`);
  }

  commandRow(id: string): Locator {
    return this.page.locator(`[data-testid="command-row"][data-id="${id}"]`);
  }

  /** The first run's bar of a command row: its data-percent and data-state. */
  runBar(id: string): Locator {
    return this.commandRow(id).getByTestId('run-progress').first();
  }

  async percentOf(id: string): Promise<number> {
    return Number((await this.runBar(id).getAttribute('data-percent')) || 0);
  }

  /** Replaces the payload editor's text, as a user selecting all and typing would. */
  async setPayload(text: string) {
    await this.payload.locator('.cm-content').click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  async fill(input: PushInput) {
    await this.group.fill(input.group);
    await this.type.fill(input.type);
    if (input.workerId !== undefined) await this.worker.selectOption(input.workerId);
    if (input.mode) await this.mode.selectOption(input.mode);
    await this.deadline.fill(input.deadlineSeconds ? String(input.deadlineSeconds) : '');
    if (input.payload !== undefined) await this.setPayload(input.payload);
  }

  /** Fills and sends the form; returns the new command's id and how many workers were listening. */
  async push(input: PushInput): Promise<{ id: string; listeners: number }> {
    await this.fill(input);
    const previous = (await this.result.count()) > 0 ? await this.result.getAttribute('data-id') : null;
    await this.submit.click();
    await expect(this.result).toBeVisible();
    if (previous) await expect(this.result).not.toHaveAttribute('data-id', previous);
    return {
      id: (await this.result.getAttribute('data-id')) ?? '',
      listeners: Number(await this.result.getAttribute('data-listeners')),
    };
  }

  /** Clicks the row's cancel or retry button and confirms in the dialog. */
  async confirmAction(id: string, action: 'cancel' | 'retry') {
    await this.commandRow(id).getByTestId(`${action}-command`).click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByTestId('confirm-action').click();
    await expect(this.dialog).toBeHidden();
  }
}
