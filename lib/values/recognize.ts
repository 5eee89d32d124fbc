// What a value is, from its bytes: a Kubernetes object, an encrypted Kubernetes value, protobuf, JSON, YAML, TOML, a
// query string, text or binary. Pure, for the browser: the key editor and the Keys tree decide from the same answer.
import { detectFormat, validateValue } from '../kv/value-format';
import { decodeEncrypted, type EncryptedValue } from './encrypted';
import { decodeKubernetesProtobuf, type KubeObject, kubernetesFromJson } from './kubernetes';
import { decodeProtobufTree, looksLikeProtobuf, type ProtoNode } from './protobuf-tree';
import { parseQueryString } from './query-string';
import { readableText } from './text-bytes';

export type RecognizedValue =
  | { kind: 'kubernetes'; object: KubeObject }
  | { kind: 'encrypted'; encrypted: EncryptedValue }
  | { kind: 'protobuf'; fields: ProtoNode[] }
  | { kind: 'json' | 'yaml' | 'toml' | 'text'; text: string }
  | { kind: 'query'; text: string; pairs: Array<[string, string]> }
  | { kind: 'binary'; size: number }
  | { kind: 'empty' };

export type ValueKind = RecognizedValue['kind'];

/** The short badge of a recognised kind; null for kinds that need none (text, binary, empty). */
export const VALUE_BADGE: Record<ValueKind, string | null> = {
  kubernetes: 'k8s',
  encrypted: 'enc',
  protobuf: 'pb',
  json: 'json',
  yaml: 'yaml',
  toml: 'toml',
  query: 'query',
  text: null,
  binary: null,
  empty: null,
};

export function recognizeValue(bytes: Uint8Array, key = ''): RecognizedValue {
  if (bytes.length === 0) return { kind: 'empty' };
  const kube = decodeKubernetesProtobuf(bytes);
  if (kube) return { kind: 'kubernetes', object: kube };
  const encrypted = decodeEncrypted(bytes);
  if (encrypted) return { kind: 'encrypted', encrypted };
  const text = readableText(bytes);
  if (text === null) {
    return looksLikeProtobuf(bytes)
      ? { kind: 'protobuf', fields: decodeProtobufTree(bytes) }
      : { kind: 'binary', size: bytes.length };
  }
  return recognizeText(text, key);
}

function recognizeText(text: string, key: string): RecognizedValue {
  const format = detectFormat(key, text);
  if (format !== 'text' && validateValue(text, format) !== null) return { kind: 'text', text };
  if (format === 'json') {
    const object = kubernetesFromJson(JSON.parse(text));
    return object ? { kind: 'kubernetes', object } : { kind: 'json', text };
  }
  if (format !== 'text') return { kind: format, text };
  const pairs = parseQueryString(text);
  return pairs ? { kind: 'query', text, pairs } : { kind: 'text', text };
}

/**
 * Why the value must not be edited as text (saving the editor's text would change bytes the owner reads), or null.
 * Kubernetes JSON stays editable: it is JSON.
 */
export function textEditBlocked(
  value: RecognizedValue,
): 'kubernetes' | 'protobuf' | 'binary' | 'encrypted' | null {
  if (value.kind === 'kubernetes') return value.object.encoding === 'protobuf' ? 'kubernetes' : null;
  if (value.kind === 'protobuf' || value.kind === 'binary' || value.kind === 'encrypted') return value.kind;
  return null;
}
