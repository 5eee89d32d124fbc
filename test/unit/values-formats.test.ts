// Text kinds and the fallbacks: what recognizeValue calls JSON, YAML, TOML, a query string, text, binary, empty.
import { describe, expect, it } from 'vitest';
import { valueBytes } from '@/lib/values/item-bytes';
import { parseQueryString } from '@/lib/values/query-string';
import { recognizeValue, textEditBlocked, VALUE_BADGE } from '@/lib/values/recognize';
import { podValue } from '../helpers/protobuf-encoder';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('recognizing values', () => {
  it.each([
    ['{"a":1}', '', 'json'],
    ['name: api\nport: 80\n', '', 'yaml'],
    ['[server]\nport = 80\n', '', 'toml'],
    ['group=&state=active&tps=0', '', 'query'],
    ['10.0.0.5:8080', '', 'text'],
    ['hello world', '', 'text'],
    ['{"broken":', 'conf.json', 'text'],
    ['', '', 'empty'],
  ])('%j (key %j) → %s', (text, key, kind) => {
    expect(recognizeValue(utf8(text), key).kind).toBe(kind);
  });

  it('calls bytes that are neither text nor protobuf binary, and blocks text editing', () => {
    const value = recognizeValue(new Uint8Array([0x00, 0xff, 0x10, 0x80, 0x01]));
    expect(value).toEqual({ kind: 'binary', size: 5 });
    expect(textEditBlocked(value)).toBe('binary');
  });

  it('leaves text kinds editable', () => {
    for (const text of ['{"a":1}', 'a: 1', 'x=1&y=2', 'plain'])
      expect(textEditBlocked(recognizeValue(utf8(text)))).toBeNull();
  });

  it('decodes query strings, percent-escapes and all', () => {
    expect(parseQueryString('a=1&b=hello%20world&c=&d=x+y')).toEqual([
      ['a', '1'],
      ['b', 'hello world'],
      ['c', ''],
      ['d', 'x y'],
    ]);
    expect(parseQueryString('a=1')).toBeNull();
    expect(parseQueryString('a=1&b=2\nc=3')).toBeNull();
    expect(parseQueryString('a=%E0%A4%A&b=1')).toBeNull();
  });

  it('gives a badge to recognised kinds only', () => {
    expect(VALUE_BADGE.kubernetes).toBe('k8s');
    expect(VALUE_BADGE.encrypted).toBe('enc');
    expect(VALUE_BADGE.protobuf).toBe('pb');
    expect(VALUE_BADGE.text).toBeNull();
  });
});

describe('value bytes from the API', () => {
  it('takes base64 values byte for byte', () => {
    const pod = podValue({
      name: 'a',
      namespace: 'b',
      uid: 'c',
      createdSeconds: 0,
      labels: {},
      image: 'i',
      nodeName: 'n',
    });
    const base64 = Buffer.from(pod).toString('base64');
    expect(Array.from(valueBytes({ value: base64, valueEncoding: 'base64' }))).toEqual(Array.from(pod));
  });

  it('turns UTF-8 text back into the same bytes, a Kubernetes value that happens to be valid UTF-8 included', () => {
    const pod = podValue({
      name: 'web-0',
      namespace: 'default',
      uid: 'u',
      createdSeconds: 1,
      labels: { app: 'web' },
      image: 'nginx',
      nodeName: 'n',
    });
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(pod);
    expect(Array.from(valueBytes({ value: text }))).toEqual(Array.from(pod));
    expect(recognizeValue(valueBytes({ value: text })).kind).toBe('kubernetes');
  });
});
