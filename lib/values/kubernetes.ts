// Kubernetes objects as the API server stores them in etcd.
//
// Protobuf: kubernetes/apimachinery pkg/runtime/serializer/protobuf/protobuf.go writes the magic prefix
// `protoEncodingPrefix = []byte{0x6b, 0x38, 0x73, 0x00}` ("k8s\0"), then a runtime.Unknown (pkg/runtime/generated.proto:
// 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType). `raw` is the object itself, whose field
// 1 is always its ObjectMeta (pkg/apis/meta/v1/generated.proto: 1 name, 2 generateName, 3 namespace, 5 uid,
// 6 resourceVersion, 7 generation, 8 creationTimestamp Time {1 seconds, 2 nanos}, 11 labels, 12 annotations, maps
// written as repeated entries {1 key, 2 value}). JSON (CRDs, or --storage-media-type=application/json): a document
// with apiVersion, kind and metadata.
import { fieldTree, type ProtoNode } from './protobuf-tree';
import { readFields, type WireField } from './protobuf-wire';
import { utf8Text } from './text-bytes';

export const K8S_MAGIC = new Uint8Array([0x6b, 0x38, 0x73, 0x00]);

export type KubeMeta = {
  apiVersion: string;
  kind: string;
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: string;
  /** ISO 8601, UTC. */
  creationTimestamp?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
};

export type KubeObject = {
  encoding: 'protobuf' | 'json';
  meta: KubeMeta;
  contentType?: string;
  /** Protobuf: the object's fields after its metadata (spec, status, data…), by field number. */
  fields: ProtoNode[];
  /** Protobuf: where the bytes stopped making sense (a truncated or damaged value); what came before is shown. */
  problem: string | null;
};

export function hasK8sMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && K8S_MAGIC.every((b, i) => bytes[i] === b);
}

const text = (f: WireField | undefined) =>
  f?.wire === 'bytes' ? (utf8Text(f.value) ?? undefined) : undefined;
const first = (fields: WireField[], n: number) => fields.find((f) => f.number === n);

/** The object in a `k8s\0` value; null when the bytes lack the magic. Damaged bytes decode as far as they go. */
export function decodeKubernetesProtobuf(bytes: Uint8Array): KubeObject | null {
  if (!hasK8sMagic(bytes)) return null;
  const unknown = readFields(bytes.subarray(K8S_MAGIC.length));
  const typeMeta = first(unknown.fields, 1);
  const type = typeMeta?.wire === 'bytes' ? readFields(typeMeta.value).fields : [];
  // A value cut short inside its object bytes: decode the bytes that are there.
  const cutRaw = unknown.error?.partial?.number === 2 ? unknown.error.partial : undefined;
  const raw = first(unknown.fields, 2) ?? cutRaw;
  const object = raw?.wire === 'bytes' ? readFields(raw.value) : { fields: [], error: null };
  const metaField = first(object.fields, 1);
  const metaRead = metaField?.wire === 'bytes' ? readFields(metaField.value) : null;
  const meta = metaRead?.fields ?? [];
  const problem =
    unknown.error?.message ??
    object.error?.message ??
    metaRead?.error?.message ??
    (raw ? null : 'no object bytes');
  return {
    encoding: 'protobuf',
    meta: {
      apiVersion: text(first(type, 1)) ?? '',
      kind: text(first(type, 2)) ?? '',
      ...objectMeta(meta),
    },
    contentType: text(first(unknown.fields, 4)),
    // A field cut short is shown with the bytes that are there.
    fields: fieldTree(
      [...object.fields, ...(object.error?.partial ? [object.error.partial] : [])].filter(
        (f) => f.number !== 1,
      ),
    ),
    problem,
  };
}

function objectMeta(fields: WireField[]): Omit<KubeMeta, 'apiVersion' | 'kind'> {
  const out: Omit<KubeMeta, 'apiVersion' | 'kind'> = { labels: {}, annotations: {} };
  const strings = { 1: 'name', 2: 'generateName', 3: 'namespace', 5: 'uid', 6: 'resourceVersion' } as const;
  for (const f of fields) {
    const n = f.number;
    if (n === 1 || n === 2 || n === 3 || n === 5 || n === 6) {
      const value = text(f);
      if (value !== undefined) out[strings[n]] = value;
    } else if (n === 7 && f.wire === 'varint') out.generation = BigInt.asIntN(64, f.value).toString();
    else if (n === 8 && f.wire === 'bytes') out.creationTimestamp = timeOf(f.value);
    else if ((n === 11 || n === 12) && f.wire === 'bytes') {
      const entry = readFields(f.value).fields;
      const key = text(first(entry, 1));
      if (key !== undefined) (n === 11 ? out.labels : out.annotations)[key] = text(first(entry, 2)) ?? '';
    }
  }
  return out;
}

/** metav1.Time {1 seconds, 2 nanos} as ISO 8601; undefined when out of range. */
function timeOf(bytes: Uint8Array): string | undefined {
  const fields = readFields(bytes).fields;
  const seconds = first(fields, 1);
  const nanos = first(fields, 2);
  const s = seconds?.wire === 'varint' ? Number(BigInt.asIntN(64, seconds.value)) : 0;
  const ms = nanos?.wire === 'varint' ? Math.floor(Number(nanos.value) / 1e6) : 0;
  const date = new Date(s * 1000 + ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

const stringMap = (v: unknown): Record<string, string> => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]),
  );
};
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A parsed JSON document that is a Kubernetes object (apiVersion, kind, metadata object), else null. */
export function kubernetesFromJson(doc: unknown): KubeObject | null {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const o = doc as Record<string, unknown>;
  const m = o.metadata as Record<string, unknown> | undefined;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || !m || typeof m !== 'object')
    return null;
  const meta: KubeMeta = {
    apiVersion: o.apiVersion,
    kind: o.kind,
    labels: stringMap(m.labels),
    annotations: stringMap(m.annotations),
  };
  for (const k of [
    'name',
    'generateName',
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
  ] as const) {
    const value = str(m[k]);
    if (value !== undefined) meta[k] = value;
  }
  return { encoding: 'json', meta, fields: [], problem: null };
}
