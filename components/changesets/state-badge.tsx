'use client';
import { useTranslations } from 'next-intl';
import type { ChangeSetAnswer } from '@/lib/client/changesets-api';
import { Badge } from '../ui/badge';

const tones = {
  draft: 'gray',
  approved: 'blue',
  'partially-published': 'amber',
  published: 'green',
  canary: 'violet',
  promoted: 'green',
  aborted: 'red',
  reverted: 'gray',
} as const;

export function StateBadge({ state }: { state: ChangeSetAnswer['state'] }) {
  const t = useTranslations('changesets.state');
  return (
    <Badge tone={tones[state]} testId="changeset-state">
      {t(state)}
    </Badge>
  );
}
