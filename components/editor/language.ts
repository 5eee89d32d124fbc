// CodeMirror language support for each value format.
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { StreamLanguage } from '@codemirror/language';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import type { Extension } from '@codemirror/state';
import type { ValueFormat } from '@/lib/kv/value-format';

export function languageFor(format: ValueFormat | 'hex' | 'base64'): Extension {
  if (format === 'json') return json();
  if (format === 'yaml') return yaml();
  if (format === 'toml') return StreamLanguage.define(toml);
  return [];
}
