// A schema-less protobuf field tree, as `protoc --decode_raw` prints it: a length-delimited field is shown as a
// nested message when it parses as one, else as text when readable, else as bytes. Bounded in depth and size.
import { readFields, type WireField, type WireType } from './protobuf-wire';
import { hexPreview, readableText } from './text-bytes';

export type ProtoNode =
  | { kind: 'number'; number: number; wire: Exclude<WireType, 'bytes'>; value: string; hex: string }
  | { kind: 'message'; number: number; size: number; children: ProtoNode[]; cut: boolean }
  | { kind: 'string'; number: number; size: number; text: string; cut: boolean }
  | { kind: 'bytes'; number: number; size: number; hex: string; cut: boolean };

export type TreeLimits = { maxDepth: number; maxNodes: number; maxText: number; maxBytes: number };
export const DEFAULT_LIMITS: TreeLimits = { maxDepth: 16, maxNodes: 2_000, maxText: 2_000, maxBytes: 64 };

/** A tree of `fields`; stops adding nodes once the budget is spent (the parent is marked `cut`). */
export function fieldTree(fields: WireField[], limits: TreeLimits = DEFAULT_LIMITS): ProtoNode[] {
  const budget = { nodes: limits.maxNodes };
  return build(fields, 0, limits, budget).nodes;
}

/** The tree of a whole message's bytes; fields after a wire error are left out (see readFields). */
export function decodeProtobufTree(bytes: Uint8Array, limits: TreeLimits = DEFAULT_LIMITS): ProtoNode[] {
  return fieldTree(readFields(bytes, limits.maxNodes).fields, limits);
}

function build(
  fields: WireField[],
  depth: number,
  limits: TreeLimits,
  budget: { nodes: number },
): { nodes: ProtoNode[]; cut: boolean } {
  const nodes: ProtoNode[] = [];
  for (const field of fields) {
    if (budget.nodes <= 0) return { nodes, cut: true };
    budget.nodes--;
    nodes.push(node(field, depth, limits, budget));
  }
  return { nodes, cut: false };
}

function node(field: WireField, depth: number, limits: TreeLimits, budget: { nodes: number }): ProtoNode {
  const { number } = field;
  if (field.wire !== 'bytes') {
    return {
      kind: 'number',
      number,
      wire: field.wire,
      value: field.value.toString(),
      hex: `0x${field.value.toString(16)}`,
    };
  }
  const bytes = field.value;
  const size = bytes.length;
  // Text first: protobuf tags and lengths are mostly control bytes, so readable text is rarely a message.
  const text = readableText(bytes);
  if (text !== null)
    return {
      kind: 'string',
      number,
      size,
      text: text.slice(0, limits.maxText),
      cut: text.length > limits.maxText,
    };
  if (depth + 1 < limits.maxDepth) {
    const inner = nestedMessage(bytes);
    if (inner) {
      const built = build(inner, depth + 1, limits, budget);
      return { kind: 'message', number, size, children: built.nodes, cut: built.cut };
    }
  }
  return {
    kind: 'bytes',
    number,
    size,
    hex: hexPreview(bytes, limits.maxBytes),
    cut: size > limits.maxBytes,
  };
}

/** The fields of `bytes` when all of it reads as one message, else null. */
export function nestedMessage(bytes: Uint8Array): WireField[] | null {
  if (bytes.length === 0) return null;
  const read = readFields(bytes);
  return read.error === null && read.fields.length > 0 && consistent(read.fields) ? read.fields : null;
}

/** Encoders write one field number with one wire type (packed repeated numbers aside): a mix suggests noise. */
function consistent(fields: WireField[]): boolean {
  const seen = new Map<number, WireType>();
  for (const f of fields) {
    const before = seen.get(f.number);
    if (before !== undefined && before !== f.wire) return false;
    seen.set(f.number, f.wire);
  }
  return true;
}

/** Field numbers 19000–19999 are reserved and larger ones are rare outside extensions: a sign of noise at the top. */
const PLAUSIBLE_TOP_FIELD = 18_999;

/**
 * Whether bytes that are not readable text are confidently a protobuf message: every byte consumed by well-formed
 * fields, field numbers plausible, one wire type per field number, and somewhere in it a readable string of two or
 * more characters (numbers and opaque bytes alone are too easy to hit by chance: random bytes are not protobuf).
 */
export function looksLikeProtobuf(bytes: Uint8Array): boolean {
  if (bytes.length < 2 || readableText(bytes) !== null) return false;
  const fields = nestedMessage(bytes);
  if (!fields || fields.some((f) => f.number > PLAUSIBLE_TOP_FIELD)) return false;
  return hasText(fields, 0);
}

function hasText(fields: WireField[], depth: number): boolean {
  for (const f of fields) {
    if (f.wire !== 'bytes') continue;
    const text = readableText(f.value);
    if (text !== null && text.length >= 2) return true;
    const inner = depth < 8 && text === null ? nestedMessage(f.value) : null;
    if (inner && hasText(inner, depth + 1)) return true;
  }
  return false;
}
