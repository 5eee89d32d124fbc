// The OS Chromium through Playwright, with what the UI measurements need: long tasks and the JS heap.
import { chromium } from '@playwright/test';

/** Launches headless Chromium with the same flags as the e2e tests. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-precise-memory-info',
    ],
  });
}

/** Installed before any page script: records every long task (> 50 ms) the page has. */
export const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

/**
 * Long tasks seen so far, optionally only those that started after `sinceMs` (page time).
 * @param {import('@playwright/test').Page} page
 * @param {number} [sinceMs]
 * @returns {Promise<Array<{ start: number, duration: number }>>}
 */
export function longTasks(page, sinceMs = 0) {
  return page.evaluate(
    (since) =>
      /** @type {Array<{ start: number, duration: number }>} */ (
        /** @type {any} */ (window).__longTasks ?? []
      ).filter((t) => t.start >= since),
    sinceMs,
  );
}

/**
 * Used JS heap in MB after a forced garbage collection (CDP HeapProfiler.collectGarbage, Performance.getMetrics).
 * @param {import('@playwright/test').CDPSession} cdp
 */
export async function heapMb(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  return used / 2 ** 20;
}

/**
 * A CDP session on `page` with the Performance domain on.
 * @param {import('@playwright/test').Page} page
 */
export async function cdpFor(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return cdp;
}
