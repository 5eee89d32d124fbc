// The SSE fan-out baseline: a minimal node:http server holding one etcd3 watch on a prefix and writing each
// revision's events, serialised once, to every open response. Same frames as the console's GET /api/v1/watch.
// Run: ETCD_ENDPOINTS=… PORT=… node scripts/bench/sse-broadcaster.mjs   (prints "listening" when it serves)
import http from 'node:http';
import { Etcd3 } from 'etcd3';

const endpoints = (process.env.ETCD_ENDPOINTS ?? 'http://127.0.0.1:2379').split(',');
const port = Number(process.env.PORT ?? 0);
const client = new Etcd3({ hosts: endpoints });
/** @type {Set<http.ServerResponse>} */
const responses = new Set();
/** @type {Map<string, { watcher: import('etcd3').Watcher, revision: number, responses: Set<http.ServerResponse> }>} */
const watches = new Map();

/** @param {Buffer} b */
const text = (b) => b.toString('utf8');

/** @param {import('etcd3').IEvent} e */
function toEvent(e) {
  /** @type {Record<string, unknown>} */
  const event = {
    type: e.type === 'Delete' ? 'delete' : 'put',
    key: text(e.kv.key),
    value: e.type === 'Delete' ? '' : text(e.kv.value),
    createRevision: Number(e.kv.create_revision),
    modRevision: Number(e.kv.mod_revision),
    version: Number(e.kv.version),
    lease: String(e.kv.lease ?? '0'),
  };
  if (e.prev_kv) event.prevValue = text(e.prev_kv.value);
  return event;
}

/** @param {string} prefix */
async function watchFor(prefix) {
  let entry = watches.get(prefix);
  if (entry) return entry;
  const watcher = await client.watch().prefix(prefix).withPreviousKV().create();
  const created = { watcher, revision: 0, responses: new Set() };
  watches.set(prefix, created);
  watcher.on('data', (res) => {
    /** @type {{ revision: number, events: Record<string, unknown>[] }[]} */
    const messages = [];
    for (const e of res.events) {
      const revision = Number(e.kv.mod_revision);
      const last = messages[messages.length - 1];
      if (last && last.revision === revision) last.events.push(toEvent(e));
      else messages.push({ revision, events: [toEvent(e)] });
    }
    for (const m of messages) {
      created.revision = m.revision;
      const frame = Buffer.from(`id: ${m.revision}\nevent: change\ndata: ${JSON.stringify(m)}\n\n`);
      for (const r of created.responses) r.write(frame);
    }
  });
  const now = await client.get('\0').exec();
  created.revision = Math.max(created.revision, Number(now.header.revision));
  entry = created;
  return entry;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== '/api/v1/watch') {
    res.writeHead(404).end();
    return;
  }
  const prefix = url.searchParams.get('prefix') ?? '';
  watchFor(prefix).then(
    (entry) => {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
      });
      res.write(
        `retry: 1000\n\nid: ${entry.revision}\nevent: ready\ndata: {"revision":${entry.revision}}\n\n`,
      );
      entry.responses.add(res);
      responses.add(res);
      req.on('close', () => {
        entry.responses.delete(res);
        responses.delete(res);
      });
    },
    (error) => res.writeHead(503).end(String(error)),
  );
});
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));

const stop = () => {
  for (const r of responses) r.destroy();
  server.close();
  for (const w of watches.values()) void w.watcher.cancel();
  client.close();
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
