// Kubernetes values built byte by byte from the wire format (test/helpers/protobuf-encoder.ts), decoded for display.
// Sources: kubernetes/apimachinery pkg/runtime/serializer/protobuf/protobuf.go (the "k8s\0" prefix),
// pkg/runtime/generated.proto (Unknown, TypeMeta), pkg/apis/meta/v1/generated.proto (ObjectMeta, Time);
// kubernetes/apiserver pkg/storage/value/transformer.go and pkg/server/options/encryptionconfig/config.go (k8s:enc:).
import { describe, expect, it } from 'vitest';
import { decodeEncrypted } from '@/lib/values/encrypted';
import { decodeKubernetesProtobuf } from '@/lib/values/kubernetes';
import type { ProtoNode } from '@/lib/values/protobuf-tree';
import { recognizeValue, textEditBlocked } from '@/lib/values/recognize';
import { concat, kubernetesValue, msg, podValue, str } from '../helpers/protobuf-encoder';

const pod = podValue({
  name: 'web-0',
  namespace: 'default',
  uid: '3f1c6a52-8d0e-4b7e-9a51-0c2d3e4f5a6b',
  resourceVersion: '48213',
  createdSeconds: 1_767_225_600, // 2026-01-01T00:00:00Z
  labels: { app: 'web', tier: 'frontend' },
  annotations: { 'kubernetes.io/psp': 'restricted' },
  image: 'nginx:1.27',
  nodeName: 'node-a',
});

const child = (nodes: ProtoNode[], n: number) => nodes.find((x) => x.number === n);

describe('Kubernetes protobuf values', () => {
  it('decodes apiVersion, kind and the object metadata', () => {
    const object = decodeKubernetesProtobuf(pod);
    expect(object?.problem).toBeNull();
    expect(object?.meta).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'web-0',
      namespace: 'default',
      uid: '3f1c6a52-8d0e-4b7e-9a51-0c2d3e4f5a6b',
      resourceVersion: '48213',
      generation: '1',
      creationTimestamp: '2026-01-01T00:00:00.000Z',
      labels: { app: 'web', tier: 'frontend' },
      annotations: { 'kubernetes.io/psp': 'restricted' },
    });
  });

  it('shows the rest of the object (spec, status) as a field tree, metadata left out', () => {
    const fields = decodeKubernetesProtobuf(pod)!.fields;
    expect(fields.map((f) => f.number)).toEqual([2, 3]);
    const spec = child(fields, 2);
    expect(spec?.kind).toBe('message');
    if (spec?.kind !== 'message') return;
    const container = child(spec.children, 2);
    expect(container?.kind).toBe('message');
    if (container?.kind !== 'message') return;
    expect(child(container.children, 2)).toMatchObject({ kind: 'string', text: 'nginx:1.27' });
    expect(child(spec.children, 10)).toMatchObject({ kind: 'string', text: 'node-a' });
  });

  it('is recognised as kubernetes and not editable as text', () => {
    const value = recognizeValue(pod, '/registry/pods/default/web-0');
    expect(value.kind).toBe('kubernetes');
    expect(textEditBlocked(value)).toBe('kubernetes');
  });

  it('decodes a truncated value as far as it goes and says so', () => {
    const cut = pod.subarray(0, pod.length - 20);
    const object = decodeKubernetesProtobuf(cut);
    expect(object?.meta.kind).toBe('Pod');
    expect(object?.problem).toMatch(/announced/);
    // Cut inside the object bytes: the metadata before the cut still reads; the spec shows the bytes that are left.
    expect(object?.meta).toMatchObject({
      name: 'web-0',
      namespace: 'default',
      labels: { app: 'web', tier: 'frontend' },
    });
    expect(object?.fields.map((f) => f.number)).toEqual([2]);
    expect(recognizeValue(cut).kind).toBe('kubernetes');
  });

  it('handles a value that is only the magic and a broken header', () => {
    const object = decodeKubernetesProtobuf(new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f]));
    expect(object?.meta.kind).toBe('');
    expect(object?.problem).not.toBeNull();
  });

  it('decodes any kind: a ConfigMap with only a name', () => {
    const raw = concat(msg(1, str(1, 'settings'), str(3, 'kube-system')), msg(2, str(1, 'k'), str(2, 'v')));
    const object = decodeKubernetesProtobuf(kubernetesValue('v1', 'ConfigMap', raw));
    expect(object?.meta).toMatchObject({
      kind: 'ConfigMap',
      name: 'settings',
      namespace: 'kube-system',
      labels: {},
    });
  });

  it('recognises a JSON-stored object (CRDs) and keeps it editable', () => {
    const doc = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', labels: { a: 'b' } },
      spec: {},
    };
    const value = recognizeValue(new TextEncoder().encode(JSON.stringify(doc)));
    expect(value.kind).toBe('kubernetes');
    if (value.kind !== 'kubernetes') return;
    expect(value.object).toMatchObject({
      encoding: 'json',
      meta: { kind: 'Widget', name: 'w', labels: { a: 'b' } },
    });
    expect(textEditBlocked(value)).toBeNull();
  });
});

describe('encrypted Kubernetes values', () => {
  const cipher = new Uint8Array(64).map((_, i) => (i * 97 + 13) & 0xff);
  const enc = (prefix: string) => concat(new TextEncoder().encode(prefix), cipher);

  it.each([
    ['k8s:enc:aescbc:v1:key1:', 'aescbc', 'v1', 'key1'],
    ['k8s:enc:aesgcm:v1:2024-rotation:', 'aesgcm', 'v1', '2024-rotation'],
    ['k8s:enc:secretbox:v1:sb:', 'secretbox', 'v1', 'sb'],
    ['k8s:enc:kms:v2:vault-kms:', 'kms', 'v2', 'vault-kms'],
  ])('%s → provider %s %s, key %s', (prefix, provider, version, keyName) => {
    const value = recognizeValue(enc(prefix), '/registry/secrets/default/db');
    expect(value).toEqual({
      kind: 'encrypted',
      encrypted: { provider, version, keyName, ciphertextBytes: cipher.length },
    });
    expect(textEditBlocked(value)).toBe('encrypted');
  });

  it('keeps a damaged header encrypted, provider unknown, never text', () => {
    const value = decodeEncrypted(concat(new TextEncoder().encode('k8s:enc:'), new Uint8Array([0xff, 0x00])));
    expect(value?.provider).toBe('unknown');
  });

  it('is not fooled by text that merely mentions the prefix later', () => {
    expect(decodeEncrypted(new TextEncoder().encode('see k8s:enc:aescbc:v1:k:'))).toBeNull();
  });
});
