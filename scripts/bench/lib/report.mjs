// The bench's results: rows of figure vs same-run baseline, written as JSON and as a Markdown table.
import fs from 'node:fs';
import path from 'node:path';

/**
 * @typedef {object} Row
 * @property {string} scenario
 * @property {string} measured what the figure is
 * @property {number} figure
 * @property {string} unit
 * @property {number | null} baseline same-run baseline, in the same unit
 * @property {string} baselineWhat how the baseline was measured
 * @property {number | null} ratio figure / baseline
 * @property {string} target
 * @property {boolean | null} met null: reported only, no target
 * @property {string} note the gap and its measured cause when missed; context otherwise
 */

/** @param {number | null} value @param {string} unit */
function show(value, unit) {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

/** @param {string} text */
function cell(text) {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * @param {Row[]} rows
 * @returns {string}
 */
export function markdownTable(rows) {
  const lines = [
    '| scenario | measured | figure | same-run baseline | ratio | target | met? | gap and cause / notes |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const baseline = r.baseline === null ? '—' : `${show(r.baseline, r.unit)} (${r.baselineWhat})`;
    const ratio = r.ratio === null ? '—' : Number.isFinite(r.ratio) ? `${r.ratio}×` : 'n/a';
    const met = r.met === null ? 'reported' : r.met ? 'yes' : '**no**';
    lines.push(
      `| ${cell(r.scenario)} | ${cell(r.measured)} | ${show(r.figure, r.unit)} | ${cell(baseline)} | ${ratio} | ${cell(r.target)} | ${met} | ${cell(r.note)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * @param {string} dir
 * @param {string} base file name without extension
 * @param {{ rows: Row[], [key: string]: unknown }} result
 * @param {string} header Markdown written above the table
 * @param {boolean} [scratch] write `<base>.json.tmp` and `<base>.md.tmp` (git-ignored) instead
 * @param {string} [footer] Markdown written below the table
 */
export function writeResults(dir, base, result, header, scratch = false, footer = '') {
  fs.mkdirSync(dir, { recursive: true });
  const suffix = scratch ? '.tmp' : '';
  const json = path.join(dir, `${base}.json${suffix}`);
  const md = path.join(dir, `${base}.md${suffix}`);
  fs.writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(md, `${header}\n\n${markdownTable(result.rows)}\n${footer}\n`);
  return { json, md };
}
