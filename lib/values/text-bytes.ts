// Bytes as text: strict UTF-8, and whether that text is something a person would read (no control characters).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
export function utf8Text(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

// C0 controls other than tab, LF and CR, and DEL: no text a person writes holds them; protobuf tags and lengths do.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it looks for.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Readable text: valid UTF-8 with no control characters other than tab and line breaks. */
export function readableText(bytes: Uint8Array): string | null {
  const text = utf8Text(bytes);
  return text !== null && !CONTROL.test(text) ? text : null;
}

/** Space-separated hex pairs of at most `max` bytes. */
export function hexPreview(bytes: Uint8Array, max = 64): string {
  return Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
