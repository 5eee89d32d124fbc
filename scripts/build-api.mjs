// Bundles every app/api/v1/**/route.ts into one module, .next/console-api.mjs, for server.mjs's fast path: the
// same route files (the one definition of each route), served without the App Router's per-request machinery.
// Runs after `next build` (npm run build); `next dev` does not use it.
import fs from 'node:fs';
import path from 'node:path';
import esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const apiRoot = path.join(root, 'app', 'api', 'v1');

function routeFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) routeFiles(path.join(dir, e.name), out);
    else if (e.name === 'route.ts') out.push(path.join(dir, e.name));
  }
  return out;
}

/** The entry: every route module with its path segments ("[name]" = a parameter). */
function entrySource(files) {
  const imports = [];
  const rows = [];
  files.sort().forEach((file, i) => {
    const segments = path.relative(apiRoot, path.dirname(file)).split(path.sep).filter(Boolean);
    imports.push(`import * as r${i} from ${JSON.stringify(file)};`);
    rows.push(`{ segments: ${JSON.stringify(segments)}, module: r${i} }`);
  });
  return `${imports.join('\n')}\nexport const routes = [\n  ${rows.join(',\n  ')}\n];\n`;
}

/** `@/x` is the project root (tsconfig paths); `server-only` is a marker that must not throw outside React. */
const resolvePlugin = {
  name: 'console-paths',
  setup(build) {
    // The workspace packages are bundled from their sources, as Next.js does through tsconfig paths.
    build.onResolve({ filter: /^@etcd-console\/(core|sdk)\/[a-z-]+$/ }, (args) => {
      const [, name, area] = /** @type {RegExpExecArray} */ (
        /^@etcd-console\/(core|sdk)\/([a-z-]+)$/.exec(args.path)
      );
      return { path: path.join(root, 'packages', name, 'src', area, 'index.ts') };
    });
    build.onResolve({ filter: /^@\// }, (args) =>
      build.resolve(`./${args.path.slice(2)}`, { resolveDir: root, kind: args.kind }),
    );
    build.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'empty' }));
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
  },
};

export async function buildApi({ outDir = path.join(root, '.next') } = {}) {
  const outfile = path.join(outDir, 'console-api.mjs');
  await esbuild.build({
    stdin: {
      contents: entrySource(routeFiles(apiRoot)),
      resolveDir: root,
      loader: 'js',
      sourcefile: 'api-entry.js',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    // Every npm package stays a package: one copy of etcd3, prom-client and friends in the process.
    packages: 'external',
    plugins: [resolvePlugin],
    define: { 'process.env.NODE_ENV': '"production"' },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const file = await buildApi();
  console.log(
    `[etcd-console] API bundle for the fast path: ${path.relative(root, file)} in ${Date.now() - started} ms`,
  );
}
