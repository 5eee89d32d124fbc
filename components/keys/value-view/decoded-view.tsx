'use client';
import type { RecognizedValue } from '@/lib/values/recognize';
import { EncryptedCard } from './encrypted-card';
import { KubeCard } from './kube-card';
import { ProtoTree } from './proto-tree';
import { QueryTable } from './query-table';

/** Kinds with a decoded view of their own; the others are read in the editor. */
export function hasDecodedView(value: RecognizedValue): boolean {
  return ['kubernetes', 'encrypted', 'protobuf', 'query'].includes(value.kind);
}

/** The decoded view of a recognised value. */
export function DecodedView({ value }: { value: RecognizedValue }) {
  return (
    <div data-testid="decoded-view" data-kind={value.kind}>
      {value.kind === 'kubernetes' ? <KubeCard object={value.object} /> : null}
      {value.kind === 'encrypted' ? <EncryptedCard value={value.encrypted} /> : null}
      {value.kind === 'protobuf' ? <ProtoTree nodes={value.fields} /> : null}
      {value.kind === 'query' ? <QueryTable pairs={value.pairs} /> : null}
    </div>
  );
}
