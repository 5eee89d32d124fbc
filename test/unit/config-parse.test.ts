import { describe, expect, it } from 'vitest';
import { formatForKey, parseValue } from '@/packages/sdk/src/config/parse';

const bytes = (text: string) => Buffer.from(text);

describe('parsing config values', () => {
  it.each([
    ['json', 'k', '{"a":[1,2]}', { a: [1, 2] }],
    ['yaml', 'k', 'a:\n  - 1\n  - 2\n', { a: [1, 2] }],
    ['toml', 'k', '[a]\nb = 1\n', { a: { b: 1 } }],
    ['text', 'k', 'plain', 'plain'],
    ['auto', 'x.json', '{"a":1}', { a: 1 }],
    ['auto', 'x.yml', 'a: 1', { a: 1 }],
    ['auto', 'x.toml', 'a = 1', { a: 1 }],
    ['auto', 'README', '{"a":1}', '{"a":1}'],
  ] as const)('%s parses %s', (format, key, text, expected) => {
    expect(parseValue(format, key, bytes(text))).toEqual(expected);
  });

  it.each([
    ['json', '{"a":'],
    ['yaml', 'a: [1'],
    ['yaml', 'a: 1\na: 2'],
    ['toml', 'a = '],
  ] as const)('%s rejects %j', (format, text) => {
    expect(() => parseValue(format, 'k', bytes(text))).toThrow();
  });

  it('rejects bytes that are not UTF-8, whatever the format', () => {
    expect(() => parseValue('text', 'k', Buffer.from([0xff, 0xfe]))).toThrow(/UTF-8/);
  });

  it('picks the format from the extension', () => {
    expect(['a.JSON', 'b.yaml', 'c.yml', 'd.toml', 'e.txt'].map(formatForKey)).toEqual([
      'json',
      'yaml',
      'yaml',
      'toml',
      'text',
    ]);
  });
});
