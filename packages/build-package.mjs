// Builds the workspace package in the current directory to plain JavaScript for Node 20+ with type declarations:
// one ES module per public area (src/<area>/index.ts → dist/<area>.js, shared code in chunks), the sidecar CLI
// when there is one, and .d.ts files under dist/types. Dependencies stay imports (npm installs them).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import esbuild from 'esbuild';

const dir = process.cwd();
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const src = path.join(dir, 'src');
const dist = path.join(dir, 'dist');
fs.rmSync(dist, { recursive: true, force: true });

/** @type {Record<string, string>} */
const entryPoints = {};
for (const area of fs.readdirSync(src)) {
  const index = path.join(src, area, 'index.ts');
  if (fs.existsSync(index)) entryPoints[area] = index;
}
const cli = path.join(src, 'sidecar', 'cli.ts');
if (fs.existsSync(cli)) entryPoints.sidecar = cli;

await esbuild.build({
  entryPoints,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
if (entryPoints.sidecar) {
  const bin = path.join(dist, 'sidecar.js');
  const code = fs.readFileSync(bin, 'utf8');
  if (!code.startsWith('#!')) fs.writeFileSync(bin, `#!/usr/bin/env node\n${code}`);
  fs.chmodSync(bin, 0o755);
}

const tsc = path.resolve(dir, '../../node_modules/typescript/bin/tsc');
const types = spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (types.status !== 0) process.exit(types.status ?? 1);
process.stdout.write(`${pkg.name}@${pkg.version}: ${Object.keys(entryPoints).join(', ')} → dist/\n`);
