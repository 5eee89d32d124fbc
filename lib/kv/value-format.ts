// Detects and validates value formats; shared by the API (refuse before save) and the editor (show as you type).
import { parse as parseToml } from 'smol-toml';
import { parseDocument } from 'yaml';

export type ValueFormat = 'json' | 'yaml' | 'toml' | 'text';

export type FormatProblem = { message: string; line: number; column: number };

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function jsonProblem(text: string): FormatProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    if (lineCol) return { message, line: Number(lineCol[1]), column: Number(lineCol[2]) };
    const at = /position (\d+)/.exec(message);
    const where = at ? position(text, Number(at[1])) : position(text, text.length);
    return { message, ...where };
  }
}

function yamlProblem(text: string): FormatProblem | null {
  const doc = parseDocument(text, { prettyErrors: false });
  const first = doc.errors[0];
  if (!first) return null;
  const linePos = first.linePos?.[0];
  const where = linePos ? { line: linePos.line, column: linePos.col } : position(text, first.pos[0]);
  return { message: first.message.split('\n')[0] ?? 'invalid YAML', ...where };
}

function tomlProblem(text: string): FormatProblem | null {
  try {
    parseToml(text);
    return null;
  } catch (error) {
    const e = error as { message?: string; line?: number; column?: number };
    return {
      message: (e.message ?? 'invalid TOML').split('\n')[0] ?? 'invalid TOML',
      line: e.line ?? 1,
      column: e.column ?? 1,
    };
  }
}

/** The first problem that keeps `text` from being valid `format`, or null. */
export function validateValue(text: string, format: ValueFormat): FormatProblem | null {
  if (format === 'json') return jsonProblem(text);
  if (format === 'yaml') return yamlProblem(text);
  if (format === 'toml') return tomlProblem(text);
  return null;
}

/** A best guess from the key's extension, then the content. */
export function detectFormat(key: string, text: string): ValueFormat {
  const lower = key.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.toml')) return 'toml';
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && jsonProblem(trimmed) === null) return 'json';
  if (/^\[[^\]\n]+\]\s*$/m.test(trimmed) && tomlProblem(trimmed) === null && /=/.test(trimmed)) return 'toml';
  if (/^[\w.-]+:\s/m.test(trimmed) && yamlProblem(trimmed) === null) return 'yaml';
  return 'text';
}

/** Pretty-prints JSON; other formats are returned as they are. */
export function formatValue(text: string, format: ValueFormat): string {
  if (format !== 'json') return text;
  return `${JSON.stringify(JSON.parse(text), null, 2)}`;
}
