// Turns a value's bytes into what the app reads: JSON, YAML, TOML or text, or by the key's extension ("auto").
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

export type ParseFormat = 'json' | 'yaml' | 'toml' | 'text' | 'auto';

export const PARSE_FORMATS: readonly ParseFormat[] = ['json', 'yaml', 'toml', 'text', 'auto'];

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** "auto": .json → json, .yaml/.yml → yaml, .toml → toml, anything else → text. */
export function formatForKey(key: string): Exclude<ParseFormat, 'auto'> {
  const lower = key.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.toml')) return 'toml';
  return 'text';
}

/** Parses one value; throws an Error whose message says what is wrong. */
export function parseValue(format: ParseFormat, key: string, bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new Error('the value is not valid UTF-8');
  }
  const chosen = format === 'auto' ? formatForKey(key) : format;
  switch (chosen) {
    case 'json':
      return JSON.parse(text);
    case 'yaml':
      return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
    case 'toml':
      return parseToml(text);
    case 'text':
      return text;
  }
}

/** One line, short enough for a status entry. */
export function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0] ?? message;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
