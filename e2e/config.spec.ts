import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, test } from './fixtures';

const root = path.resolve(import.meta.dirname, '..');

function runToExit(cmd: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

test.describe('bad configuration fails fast with one clear line', () => {
  test('the production server refuses ETCD_ENDPOINTS=not a url', async () => {
    const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
    const result = await runToExit(process.execPath, [next, 'start', '-p', '0', '-H', '127.0.0.1'], {
      ETCD_ENDPOINTS: 'not a url',
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n').filter(Boolean);
    expect(lines).toEqual([expect.stringContaining('ETCD_ENDPOINTS')]);
    expect(result.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  test('npm start refuses it before building or starting anything', async () => {
    const result = await runToExit(process.execPath, ['scripts/start.mjs'], { ETCD_ENDPOINTS: 'not a url' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').filter(Boolean)).toEqual([
      expect.stringContaining('ETCD_ENDPOINTS'),
    ]);
    expect(result.stdout).not.toContain('building');
  });
});

test.describe('secure by default', () => {
  test('without login configured, the console refuses to listen beyond loopback', async () => {
    const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
    const result = await runToExit(process.execPath, [next, 'start', '-p', '0', '-H', '0.0.0.0'], {
      ETCD_ENDPOINTS: 'http://127.0.0.1:2379',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Refusing to listen on 0.0.0.0 without authentication');
  });

  test('npm start with HOST=0.0.0.0 and no users refuses before starting anything', async () => {
    const result = await runToExit(process.execPath, ['scripts/start.mjs'], {
      HOST: '0.0.0.0',
      ETCD_ENDPOINTS: 'http://127.0.0.1:2379',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CONSOLE_USERS');
  });
});
