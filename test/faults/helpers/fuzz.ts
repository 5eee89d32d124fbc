// Hostile requests for every /api/v1 route (fast-check arbitraries), and a runner that sends each to the route
// handler and checks the answer: never 5xx, never a hang, and etcd untouched by every request that was refused.
import fc from 'fast-check';
import type { ApiRoute } from './routes';

export type BodyKind = 'json' | 'malformed' | 'bytes' | 'non-object' | 'empty' | 'huge' | 'deep';

export type FuzzRequest = {
  route: ApiRoute;
  params: Record<string, string>;
  query: string;
  headers: Record<string, string>;
  body?: { kind: BodyKind; text?: string; bytes?: Uint8Array };
};

const nasty = fc.constantFrom(
  '',
  ' ',
  '/',
  '//',
  '..',
  '../',
  '../../../../etc/passwd',
  '/..%2f..%2f',
  '%2e%2e%2f',
  '..\\..\\windows\\system32',
  '\0',
  '/a\0b',
  '/_console/',
  '/_console/audit/x',
  '/_console/tokens/x',
  '_any',
  '_index',
  '*',
  '%',
  '%%',
  '%ZZ',
  '\uD800',
  '\uDFFF\uD800',
  '\uFFFE',
  '😀😀😀',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '-0',
  '0',
  '1',
  '1.5',
  '1e309',
  '9007199254740993',
  '18446744073709551616',
  '-9223372036854775809',
  '0x10',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  '***',
  '====',
  'AAAA',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '\r\nX-Injected: 1',
  'a'.repeat(300),
  'x'.repeat(70_000),
  '/'.repeat(5000),
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.base64String({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9/._-]{1,16}$/) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
);

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1, 0.5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 2 ** 64, 1e308, -1e308, Number.MIN_VALUE),
);

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), hostileString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.record({ ttl: hostileNumber }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const revisionish: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 1, max: 60 }),
  fc.constantFrom(0, -1, 2 ** 53, 2 ** 63, 1e21, 0.5),
);
const nameish = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,10}$/),
  fc.constantFrom('fz', 'push', 'api'),
);
const keyish = fc.oneof(
  fc.constantFrom('/fz/k1', '/fz/', '/fz/a/', '/fz/a/b/c', '/', 'plain', '/fz/new'),
  fc.stringMatching(/^\/fz\/[a-z0-9/]{0,12}$/),
);

/** Values that look right for a field of this name (so the request gets past the first check), as JSON. */
function plausible(field: string): fc.Arbitrary<unknown> {
  if (/^(key|prefix|confirm|contains|after|parent)$/.test(field)) return keyish;
  if (/encoding$/i.test(field)) return fc.constantFrom('utf8', 'base64');
  if (/revision|^(from|to|deletedAt)$/i.test(field)) return revisionish;
  if (/^(limit|scan|expiresInDays|deadlineSeconds|weight|ttl)$/.test(field))
    return fc.integer({ min: -2, max: 5000 });
  if (field === 'value' || field === 'password' || field === 'reason')
    return fc.oneof(fc.string(), fc.base64String());
  if (field === 'mode') return fc.constantFrom('preview', 'apply', 'any', 'all');
  if (field === 'format') return fc.constantFrom('json', 'yaml', 'toml', 'text');
  if (field === 'status') return fc.constantFrom('up', 'draining');
  if (field === 'state')
    return fc.constantFrom('queued', 'running', 'succeeded', 'failed', 'cancelled', 'lost');
  if (field === 'strategy') return fc.constantFrom('round-robin', 'weighted', 'random');
  if (field === 'in') return fc.constantFrom('key', 'value', 'both');
  if (field === 'permission') return fc.constantFrom('read', 'write', 'readwrite');
  if (field === 'role') return fc.constantFrom('viewer', 'operator', 'admin', 'reader');
  if (field === 'lease')
    return fc.oneof(
      fc.constantFrom('0', '1', '694d7f2a1b3c'),
      fc.record({ ttl: fc.integer({ min: 0, max: 100 }) }),
    );
  if (field === 'items') return fc.array(fc.record({ key: keyish, value: fc.string() }), { maxLength: 5 });
  if (field === 'prefixes' || field === 'roles') return fc.array(keyish, { maxLength: 3 });
  if (field === 'payload') return fc.jsonValue({ maxDepth: 2 });
  if (field === 'keysOnly' || field === 'physical' || field === 'prefix')
    return fc.constantFrom(true, false, 'true', '1');
  return nameish;
}

/** A field's value: usually plausible, often hostile. */
function fieldValue(field: string): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: plausible(field) }, { weight: 2, arbitrary: hostileJson });
}

const malformedJson = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '{',
    '{"key":',
    '[',
    '{"key":"a",}',
    '{"key":"a"}}',
    'nul',
    '\uFEFF{}',
    '{"a":1e999999}',
    '"\\ud800"',
    '{"key":"\\u0000","value":"\\udfff"}',
    "{'key':'a'}",
    '{"key":"a" "value":"b"}',
    'undefined',
  ),
);

/** Bytes that are not UTF-8, inside and outside a JSON frame. */
const badUtf8 = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc
    .uint8Array({ minLength: 1, maxLength: 8 })
    .map((junk) =>
      Buffer.concat([
        Buffer.from('{"key":"/fz/'),
        Buffer.from([0xff, 0xfe, ...junk]),
        Buffer.from('","value":"v"}'),
      ]),
    ),
  fc.constant(Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80])),
);

function bodyArb(route: ApiRoute): fc.Arbitrary<FuzzRequest['body']> {
  // Each known field is there three times in four; an unknown one now and then.
  const fields = [...route.body, 'unknownField', '__proto__', 'constructor'];
  const include = (f: string) =>
    route.body.includes(f)
      ? fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })
      : fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
  const object = fc
    .tuple(...fields.map(include))
    .map((flags) => fields.filter((_, i) => flags[i]))
    .chain((chosen) =>
      fc.tuple(...chosen.map((f) => fieldValue(f))).map((values) => [chosen, values] as const),
    )
    .map(([chosen, values]) => {
      const o: Record<string, unknown> = {};
      // Own properties, even for "__proto__": what JSON.parse on the server would make of such a body.
      for (const [i, f] of chosen.entries())
        Object.defineProperty(o, f, { value: values[i], enumerable: true });
      return { kind: 'json' as const, text: JSON.stringify(o) };
    });
  return fc.oneof(
    { weight: 12, arbitrary: object },
    { weight: 2, arbitrary: malformedJson.map((text) => ({ kind: 'malformed' as const, text })) },
    { weight: 2, arbitrary: badUtf8.map((bytes) => ({ kind: 'bytes' as const, bytes })) },
    {
      weight: 2,
      arbitrary: fc
        .jsonValue({ maxDepth: 2 })
        .map((v) => ({ kind: 'non-object' as const, text: JSON.stringify(v) })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const, text: '' }) },
    // Rare and heavy: built when sent, so fast-check does not hold megabytes per sample.
    { weight: 1, arbitrary: fc.constantFrom({ kind: 'huge' as const }, { kind: 'deep' as const }) },
  );
}

function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate: URLs cannot carry it; send the raw text and let the URL parser replace it.
    return text;
  }
}

function queryArb(route: ApiRoute): fc.Arbitrary<string> {
  const names = fc.constantFrom(...route.query, ...(route.query.length ? [] : ['q']), 'unknown', '__proto__');
  const value = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: plausible(name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) },
      { weight: 2, arbitrary: hostileString },
    );
  const pairs = fc.array(
    names.chain((n) => value(n).map((v) => [n, v] as const)),
    {
      maxLength: route.query.length + 2,
    },
  );
  const junk = fc.constantFrom(
    '',
    '',
    '',
    '&',
    '&&=&',
    '%',
    '%FF%FE',
    '=x',
    'a=%E0%A4%A',
    '&prefix=%C0%AF',
    '#frag',
  );
  return fc
    .tuple(pairs, junk)
    .map(([ps, j]) =>
      [ps.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join('&'), j].filter(Boolean).join('&'),
    );
}

/** A header now and then (each about one request in ten); most requests send none of them. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const headerArb = fc.record({
  'last-event-id': rarely(fc.oneof(hostileString, fc.integer().map(String))),
  authorization: rarely(
    fc.constantFrom('Bearer ', 'Bearer x', 'Basic YTpi', `Bearer ${'a'.repeat(5000)}`, 'bearer ec_0123'),
  ),
  cookie: rarely(fc.constantFrom('etcd_console_session=garbage', 'a=b; etcd_console_session=', '=;=;')),
  origin: rarely(fc.constantFrom('http://evil.example', 'null', 'http://console.test')),
  'content-type': rarely(
    fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/jsonx',
      '',
    ),
  ),
});

/** Any request for this route: path params, query, headers and a body, each possibly hostile. */
export function requestArb(route: ApiRoute): fc.Arbitrary<FuzzRequest> {
  const params = fc.record(
    Object.fromEntries(
      route.params.map((p) => [
        p,
        fc.oneof({ weight: 2, arbitrary: nameish }, { weight: 3, arbitrary: hostileString }),
      ]),
    ),
  );
  const hasBody = route.method !== 'GET';
  return fc
    .tuple(
      params,
      queryArb(route),
      headerArb,
      hasBody ? fc.option(bodyArb(route), { freq: 8 }) : fc.constant(null),
    )
    .map(([p, query, headers, body]) => ({
      route,
      params: p as Record<string, string>,
      query,
      headers: Object.fromEntries(
        Object.entries(headers).filter(([, v]) => typeof v === 'string' && /^[\x20-\x7e]*$/.test(v)),
      ) as Record<string, string>,
      ...(body ? { body } : {}),
    }));
}

let huge: string | null = null;
let deep: string | null = null;

function bodyBytes(body: NonNullable<FuzzRequest['body']>): string | Uint8Array {
  if (body.kind === 'huge') {
    // Larger than every route's limit (the biggest is 2.5 MiB).
    huge ??= `{"key":"/fz/huge","value":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    return huge;
  }
  if (body.kind === 'deep') {
    deep ??= `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    return deep;
  }
  return body.bytes ?? body.text ?? '';
}

export function describeRequest(req: FuzzRequest): string {
  const path = req.route.template.replace(
    /\{(\w+)\}/g,
    (_, p: string) => `{${JSON.stringify(req.params[p])}}`,
  );
  const body = req.body
    ? req.body.kind === 'huge' || req.body.kind === 'deep'
      ? `<${req.body.kind}>`
      : req.body.bytes
        ? `bytes(${Buffer.from(req.body.bytes).toString('hex').slice(0, 400)})`
        : JSON.stringify(req.body.text?.slice(0, 400))
    : '-';
  return `${req.route.method} ${path}?${req.query.slice(0, 300)} headers=${JSON.stringify(req.headers).slice(0, 300)} body=${body}`;
}

export type Sent = { status: number; contentType: string; text: string; ms: number; unsendable?: string };

/** Sends one request to the handler in-process; streams (SSE, snapshots) are cancelled after the status. */
export async function send(req: FuzzRequest, timeoutMs = 15_000): Promise<Sent> {
  const url = `http://console.test${req.route.template.replace(/\{(\w+)\}/g, (_, p: string) => safeEncode(req.params[p] ?? ''))}${req.query ? `?${req.query}` : ''}`;
  const abort = new AbortController();
  let request: Request;
  try {
    const headers = new Headers({ host: 'console.test', ...req.headers });
    if (req.body && !req.headers['content-type'] && req.body.kind !== 'empty')
      headers.set('content-type', 'application/json');
    request = new Request(url, {
      method: req.route.method,
      headers,
      signal: abort.signal,
      ...(req.body ? { body: bodyBytes(req.body) as BodyInit } : {}),
    });
  } catch (error) {
    // Not a request any HTTP client could send (e.g. a URL the parser refuses).
    return { status: 0, contentType: '', text: '', ms: 0, unsendable: String(error) };
  }
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const response = await Promise.race([
      req.route.handler(request, { params: Promise.resolve(req.params) }),
      timeout,
    ]);
    const contentType = response.headers.get('content-type') ?? '';
    let text = '';
    if (/event-stream|octet-stream/.test(contentType)) await response.body?.cancel();
    else text = await Promise.race([response.text(), timeout]);
    return {
      status: response.status,
      contentType,
      text: text.slice(0, 500),
      ms: performance.now() - started,
    };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
