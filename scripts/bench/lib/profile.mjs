// Summarises the console's V8 CPU profiles (bench --profile) by where the time went: runtime areas and functions.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Which area of the process a sampled function belongs to.
 * @param {string} name
 * @param {string} url
 */
function areaOf(name, url) {
  if (name.startsWith('(')) return name; // (garbage collector), (idle), (program)
  if (url.includes('/webstreams/')) return 'web streams (node:internal/webstreams)';
  if (url.includes('async_hooks')) return 'async hooks (AsyncLocalStorage propagation)';
  if (url.includes('node_modules/next/')) return 'Next.js server';
  if (url.includes('/lib/sdk/')) return 'SDK code (lib/sdk)';
  if (url.includes('node_modules/tsx') || url.includes('esbuild')) return 'tsx loader';
  if (url.includes('node_modules/zod')) return 'zod';
  if (url.includes('/.next/')) return 'console code (the build, with bundled libraries)';
  if (url.includes('@grpc') || url.includes('etcd3') || url.includes('protobuf'))
    return 'etcd client (grpc-js, etcd3)';
  if (url.includes('prom-client') || url.includes('pino')) return 'metrics and logging';
  if (url.includes('_http_')) return 'node http';
  if (name === 'runMicrotasks' || url.includes('async_hooks')) return 'microtasks (promise jobs)';
  if (
    /^(writev|writeUtf8String|writeBuffer|writeLatin1String|onStreamRead)$/.test(name) ||
    /node:net|streams\//.test(url)
  )
    return 'socket writes and node streams';
  if (url.startsWith('node:') || url === '') return 'node core (other: timers, buffers, events, modules)';
  return 'other';
}

/**
 * @param {string} dir
 * @param {number} [top]
 * @returns {string[]}
 */
export function summarizeProfiles(dir, top = 10) {
  if (!fs.existsSync(dir)) return [];
  const lines = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    /** @type {Map<number, { callFrame: { functionName: string, url: string, lineNumber: number } }>} */
    const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
    /** @type {Map<string, number>} */
    const self = new Map();
    /** @type {Map<string, number>} */
    const areas = new Map();
    const deltas = profile.timeDeltas ?? [];
    let total = 0;
    let idle = 0;
    profile.samples.forEach((/** @type {number} */ id, /** @type {number} */ i) => {
      const node = nodes.get(id);
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      const ms = (deltas[i] ?? 0) / 1000;
      total += ms;
      if (functionName === '(idle)') {
        idle += ms;
        return;
      }
      const where = url ? `${url.replace(/^.*\/(node_modules|\.next)\//, '$1/')}:${lineNumber + 1}` : '';
      const name = `${functionName || '(anonymous)'} ${where}`.trim();
      self.set(name, (self.get(name) ?? 0) + ms);
      const area = areaOf(functionName, url);
      areas.set(area, (areas.get(area) ?? 0) + ms);
    });
    const busy = total - idle;
    if (busy < 500) continue;
    lines.push(`profile ${file}: ${Math.round(busy)} ms busy of ${Math.round(total)} ms sampled; by area:`);
    for (const [name, ms] of [...areas.entries()].sort((a, b) => b[1] - a[1])) {
      lines.push(`  ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${name}`);
    }
    lines.push('  top functions by self time:');
    for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      lines.push(`  ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${Math.round(ms)} ms  ${name}`);
    }
  }
  return lines;
}
