// A tiny protobuf wire-format encoder (https://protobuf.dev/programming-guides/encoding/), so tests build
// Kubernetes values byte by byte instead of trusting the decoder under test.

export type Part = Uint8Array;

export function varint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return new Uint8Array(out);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const tag = (field: number, wire: number) => varint((field << 3) | wire);

/** Wire type 0. */
export const int = (field: number, value: number | bigint) => concat(tag(field, 0), varint(value));
/** Wire type 2 with raw bytes. */
export const bytes = (field: number, payload: Uint8Array) =>
  concat(tag(field, 2), varint(payload.length), payload);
/** Wire type 2 with UTF-8 text. */
export const str = (field: number, text: string) => bytes(field, new TextEncoder().encode(text));
/** Wire type 2 holding a nested message made of `parts`. */
export const msg = (field: number, ...parts: Uint8Array[]) => bytes(field, concat(...parts));
/** Wire type 5, little-endian. */
export const fixed32 = (field: number, value: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value, true);
  return concat(tag(field, 5), b);
};

/** A map<string,string> field: one entry message {1 key, 2 value} per pair. */
export const stringMap = (field: number, map: Record<string, string>) =>
  concat(...Object.entries(map).map(([k, v]) => msg(field, str(1, k), str(2, v))));

/**
 * A value as the Kubernetes API server stores it: "k8s\0" (apimachinery pkg/runtime/serializer/protobuf/protobuf.go,
 * protoEncodingPrefix) + runtime.Unknown (pkg/runtime/generated.proto: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw,
 * 3 contentEncoding, 4 contentType).
 */
export function kubernetesValue(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  return concat(
    new Uint8Array([0x6b, 0x38, 0x73, 0x00]),
    msg(1, str(1, apiVersion), str(2, kind)),
    bytes(2, raw),
    str(3, ''),
    str(4, ''),
  );
}

export type PodFixture = {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion?: string;
  createdSeconds: number;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  image: string;
  nodeName: string;
};

/**
 * A Pod: k8s.io/api core/v1 generated.proto Pod {1 metadata, 2 spec, 3 status}, PodSpec {2 containers, 10 nodeName},
 * Container {1 name, 2 image}; ObjectMeta from apimachinery pkg/apis/meta/v1/generated.proto (1 name, 3 namespace,
 * 5 uid, 6 resourceVersion, 7 generation, 8 creationTimestamp {1 seconds, 2 nanos}, 11 labels, 12 annotations).
 */
export function podValue(p: PodFixture): Uint8Array {
  const metadata = msg(
    1,
    str(1, p.name),
    str(3, p.namespace),
    str(5, p.uid),
    ...(p.resourceVersion ? [str(6, p.resourceVersion)] : []),
    int(7, 1),
    msg(8, int(1, p.createdSeconds), int(2, 0)),
    stringMap(11, p.labels),
    stringMap(12, p.annotations ?? {}),
  );
  const spec = msg(2, msg(2, str(1, 'web'), str(2, p.image)), str(10, p.nodeName));
  const status = msg(3, str(1, 'Running'));
  return kubernetesValue('v1', 'Pod', concat(metadata, spec, status));
}
