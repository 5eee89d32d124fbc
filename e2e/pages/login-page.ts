import { expect, type Page } from '@playwright/test';

export class LoginPage {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
  }

  /** Signs in and waits until the console shows the user, so the session cookie is set before going on. */
  async signInAs(username: string, password: string) {
    await this.signIn(username, password);
    await expect(this.page.getByTestId('current-user')).toContainText(username);
  }
}
