// Makes sure what `npm start` and `npm test` need is installed: npm packages, and etcd/Chromium from the OS.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** @param {string} message */
export function say(message) {
  process.stdout.write(`[etcd-console] ${message}\n`);
}

/** Installs npm dependencies when node_modules is missing or older than the lock file. */
export function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const fresh =
    fs.existsSync(marker) &&
    (!fs.existsSync(lock) || fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs);
  if (fresh) return;
  say('installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', [fs.existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('npm could not install the dependencies');
}

/** @param {string} name */
function which(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function isDebianRoot() {
  return process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
}

let aptUpdated = false;

/**
 * @param {string[]} packages
 * @param {string} why
 */
function aptInstall(packages, why) {
  say(`installing ${packages.join(', ')} from the OS packages (${why})…`);
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** @returns {string} the etcd binary's path */
export function ensureEtcd() {
  const found = process.env.ETCD_BIN || which('etcd');
  if (found && which('etcdctl')) return found;
  if (isDebianRoot()) {
    aptInstall(['etcd-server', 'etcd-client'], 'no etcd binary was found');
    return which('etcd') ?? '/usr/bin/etcd';
  }
  throw new Error(
    'No etcd binary found. Install etcd 3.4+ first, e.g. `sudo apt-get install etcd-server etcd-client` on Debian/Ubuntu, `brew install etcd` on macOS, or download a release from the etcd project and put `etcd` and `etcdctl` on PATH (or set ETCD_BIN).',
  );
}

/** @returns {string} the Chromium binary's path */
export function ensureChromium() {
  const found = process.env.CHROMIUM_PATH || which('chromium') || which('chromium-browser');
  if (found && fs.existsSync('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc')) return found;
  if (isDebianRoot()) {
    aptInstall(
      found ? ['fonts-wqy-zenhei'] : ['chromium', 'fonts-wqy-zenhei'],
      'the end-to-end tests drive the OS Chromium',
    );
    return which('chromium') ?? '/usr/bin/chromium';
  }
  if (found) return found;
  throw new Error(
    'No Chromium found for the end-to-end tests: install it (`sudo apt-get install chromium`) or set CHROMIUM_PATH.',
  );
}

/** @returns {string} promtool's path (Debian's `prometheus` package), for checking and testing the shipped rules */
export function ensurePromtool() {
  const found = process.env.PROMTOOL_PATH || which('promtool');
  if (found) return found;
  if (isDebianRoot()) {
    aptInstall(['prometheus'], 'the unit tests check deploy/prometheus/alerts.yml with promtool');
    return which('promtool') ?? '/usr/bin/promtool';
  }
  throw new Error(
    'No promtool found for the alert rule tests: install it (`sudo apt-get install prometheus` on Debian/Ubuntu, `brew install prometheus` on macOS) or set PROMTOOL_PATH.',
  );
}

/** @returns {string} nginx's path (Debian's `nginx` package), for the e2e test of replicas behind deploy/nginx.conf */
export function ensureNginx() {
  const found =
    process.env.NGINX_PATH || (fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : which('nginx'));
  if (found) return found;
  if (isDebianRoot()) {
    aptInstall(['nginx'], 'the end-to-end tests run console replicas behind deploy/nginx.conf');
    return '/usr/sbin/nginx';
  }
  throw new Error(
    'No nginx found for the replicas end-to-end test: install it (`sudo apt-get install nginx` on Debian/Ubuntu, `brew install nginx` on macOS) or set NGINX_PATH.',
  );
}

/** Newest modification time among the files a production build depends on. */
export function newestSourceMtime() {
  let newest = 0;
  /** @param {string} p */
  const walk = (p) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
    } else if (stat.mtimeMs > newest) newest = stat.mtimeMs;
  };
  for (const entry of [
    'app',
    'components',
    'lib',
    'messages',
    'next.config.js',
    'package-lock.json',
    'instrumentation.ts',
    'proxy.ts',
  ]) {
    const p = path.join(root, entry);
    if (fs.existsSync(p)) walk(p);
  }
  return newest;
}

/** Runs `next build` unless .next holds a build newer than every source file. */
export function ensureBuild({ force = false } = {}) {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!force && fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestSourceMtime()) return;
  say('building the console (next build)…');
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0) throw new Error('next build failed');
  const api = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-api.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (api.status !== 0) throw new Error('the API bundle (scripts/build-api.mjs) failed');
}

export const projectRoot = root;
