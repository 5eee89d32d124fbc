// Dev aid: `node scripts/screenshot.mjs URL out.png [--dark] [--zh]` renders a page in the OS Chromium.
import { chromium } from '@playwright/test';

const [url, out = 'screenshot.png', ...flags] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
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
