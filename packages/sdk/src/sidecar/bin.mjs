#!/usr/bin/env node
// The etcd-console-sidecar command. Built, cli.js sits next to this file; in the source tree, tsx runs cli.ts.
import { existsSync } from 'node:fs';

const compiled = new URL('./cli.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./cli.ts', import.meta.url).href);
}
