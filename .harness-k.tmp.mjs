// Old vs new key listing: load 5 more pages, then 4 cycles of c5 ↔ c0 (a transition, as a router push is).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { LONG_TASK_OBSERVER, launchBrowser } from '/work/main/scripts/bench/lib/browser.mjs';

const dir = '/tmp/uidrv/k';
const rounds = Number(process.env.ROUNDS ?? 2);
const variants = (process.env.VARIANTS ?? 'old,new').split(',');
const server = http.createServer((req, res) => {
  const file = path.join(dir, new URL(req.url ?? '/', 'http://x').pathname);
  if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchBrowser();
for (let round = 1; round <= rounds; round++) {
  for (const v of variants) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(LONG_TASK_OBSERVER);
    const rows = page.getByTestId('key-row');
    const steps = [];
    const step = async (name, fn) => {
      const from = await page.evaluate(() => performance.now());
      await fn();
      await page.waitForTimeout(300);
      const tasks = await page.evaluate((s) => window.__longTasks.filter((t) => t.start >= s), from);
      steps.push(`${name} ${Math.round(tasks.reduce((a, t) => Math.max(a, t.duration), 0))}`);
    };
    const shows = (p) => page.waitForFunction((p) => [...document.querySelectorAll('[data-testid="key-row"]')].some((r) => r.textContent?.startsWith(p)), p);
    await page.goto(`${base}/${v}.html`);
    await rows.first().waitFor();
    if (process.env.TRACE) await browser.startTracing(page, { path: `${dir}/trace-${v}.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await step('load5', async () => {
      for (let i = 0; i < 5; i++) {
        const before = await rows.count();
        await page.getByTestId('load-more').click();
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid="key-row"]').length > n, before);
      }
    });
    if (process.env.TRACE) await browser.stopTracing();
    const listed = await rows.count();
    for (let c = 1; c <= 4; c++) {
      await step(`c5#${c}`, async () => { await page.getByTestId('go-c5').click(); await shows('/bench/big/c5/'); });
      await step(`c0#${c}`, async () => { await page.getByTestId('go-c0').click(); await shows('/bench/big/c0/'); });
    }
    const final = await rows.count();
    const all = await page.evaluate(() => window.__longTasks);
    console.log(`${round} ${v}: listed ${listed}, final ${final}; longest per step: ${steps.join(', ')}; all long tasks ${all.length}, max ${Math.round(Math.max(0, ...all.map((t) => t.duration)))}`);
    await context.close();
  }
}
await browser.close();
server.close();
