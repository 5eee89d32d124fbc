import type { Page } from '@playwright/test';

export class LoginPage {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
  }
}
