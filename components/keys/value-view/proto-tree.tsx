'use client';
import { useTranslations } from 'next-intl';
import type { ProtoNode } from '@/lib/values/protobuf-tree';

/** A protobuf field tree like `protoc --decode_raw`: field number, wire type, value; messages fold. */
export function ProtoTree({ nodes, testId = 'proto-tree' }: { nodes: ProtoNode[]; testId?: string }) {
  if (nodes.length === 0) return null;
  return (
    <ul className="font-mono text-xs leading-5" data-testid={testId}>
      {nodes.map((node, i) => (
        // Field order is the identity: the same number may repeat.
        <ProtoLine key={i} node={node} depth={0} />
      ))}
    </ul>
  );
}

function ProtoLine({ node, depth }: { node: ProtoNode; depth: number }) {
  const t = useTranslations('values');
  const label = <span className="text-zinc-500 dark:text-zinc-400">{node.number}:</span>;
  if (node.kind === 'message') {
    return (
      <li data-testid="proto-field" data-field={node.number}>
        <details open={depth < 2}>
          <summary className="cursor-pointer select-none">
            {label} <span className="text-zinc-400">{`{ ${t('bytes', { size: node.size })} }`}</span>
          </summary>
          <ul className="ml-4 border-l border-zinc-200 pl-2 dark:border-zinc-800">
            {node.children.map((child, i) => (
              <ProtoLine key={i} node={child} depth={depth + 1} />
            ))}
            {node.cut ? <li className="text-zinc-400">… {t('treeCut')}</li> : null}
          </ul>
        </details>
      </li>
    );
  }
  return (
    <li data-testid="proto-field" data-field={node.number} className="break-all">
      {label} <Value node={node} />
    </li>
  );
}

function Value({ node }: { node: Exclude<ProtoNode, { kind: 'message' }> }) {
  const t = useTranslations('values');
  if (node.kind === 'number') {
    return (
      <span>
        <span className="text-emerald-700 dark:text-emerald-400">{node.value}</span>{' '}
        <span className="text-zinc-400">
          ({node.wire}, {node.hex})
        </span>
      </span>
    );
  }
  if (node.kind === 'string') {
    return (
      <span className="whitespace-pre-wrap text-amber-800 dark:text-amber-300">
        {JSON.stringify(node.text)}
        {node.cut ? '…' : ''}
      </span>
    );
  }
  return (
    <span>
      <span className="text-violet-700 dark:text-violet-300">
        {node.hex}
        {node.cut ? ' …' : ''}
      </span>{' '}
      <span className="text-zinc-400">({t('bytes', { size: node.size })})</span>
    </span>
  );
}
