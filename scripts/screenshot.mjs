// Dev aid: `node scripts/screenshot.mjs URL out.png [--dark] [--zh]` renders a page in the OS Chromium.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/chromium.mjs';

const [url, out = 'screenshot.png', ...flags] = process.argv.slice(2);
const browser = await chromium.launch(chromiumLaunchOptions());
const context = await browser.newContext({
  viewport: { width: 1400, height: 900 },
  colorScheme: flags.includes('--dark') ? 'dark' : 'light',
});
if (flags.includes('--zh'))
  await context.addCookies([{ name: 'locale', value: 'zh', url: url ?? 'http://127.0.0.1' }]);
const page = await context.newPage();
await page.goto(url ?? 'http://127.0.0.1:3000');
await page.waitForTimeout(Number(process.env.WAIT_MS ?? 1500));
await page.screenshot({ path: out, fullPage: true });
await browser.close();
