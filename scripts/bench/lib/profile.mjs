// Summarises V8 .cpuprofile files (node --cpu-prof) into the functions with the most self time.
import fs from 'node:fs';
import path from 'node:path';

/**
 * @param {string} dir
 * @param {number} [top]
 * @returns {string[]}
 */
export function summarizeProfiles(dir, top = 12) {
  if (!fs.existsSync(dir)) return [];
  const lines = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    /** @type {Map<number, { callFrame: { functionName: string, url: string, lineNumber: number } }>} */
    const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
    /** @type {Map<string, number>} */
    const self = new Map();
    const deltas = profile.timeDeltas ?? [];
    let total = 0;
    profile.samples.forEach((/** @type {number} */ id, /** @type {number} */ i) => {
      const node = nodes.get(id);
      if (!node) return;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${url.replace(/^.*\/(node_modules|\.next)\//, '$1/')}:${lineNumber + 1}` : '';
      const name = `${functionName || '(anonymous)'} ${where}`.trim();
      const ms = (deltas[i] ?? 0) / 1000;
      total += ms;
      self.set(name, (self.get(name) ?? 0) + ms);
    });
    if (total < 500) continue; // the parent `next start` process idles
    lines.push(`profile ${file}: ${Math.round(total)} ms sampled; top self time:`);
    for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      lines.push(`  ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${Math.round(ms)} ms  ${name}`);
    }
  }
  return lines;
}
