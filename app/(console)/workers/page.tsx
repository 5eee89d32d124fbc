import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { PageTitle } from '@/components/ui/page-title';
import { CommandList } from '@/components/workers/command-list';
import { PushForm } from '@/components/workers/push-form';
import { TaskList } from '@/components/workers/task-list';
import { WorkersPanel } from '@/components/workers/workers-panel';
import { COMMANDS_PAGE } from '@/lib/client/dispatch-api';
import { listCommands } from '@/lib/dispatch/list-commands';
import { listTasks } from '@/lib/dispatch/list-tasks';
import { listWorkers } from '@/lib/dispatch/list-workers';
import { inSelectedCluster } from '@/lib/etcd/page-cluster';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('workers');
  return { title: t('title') };
}

export default async function Page() {
  const t = await getTranslations('workers');
  // Real data on first paint when etcd answers; the client leaves keep it live either way.
  const [workers, commands, tasks] = await Promise.all([
    inSelectedCluster(() => listWorkers()).catch(() => undefined),
    inSelectedCluster(() => listCommands({ limit: COMMANDS_PAGE })).catch(() => undefined),
    inSelectedCluster(() => listTasks({ limit: 200 })).catch(() => undefined),
  ]);
  return (
    <div className="flex flex-col gap-8">
      <div>
        <PageTitle>{t('title')}</PageTitle>
        <p className="-mt-4 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      </div>
      <Section id="workers" title={t('workers.title')} hint={t('workers.hint')}>
        <WorkersPanel initial={workers} />
      </Section>
      <Section id="commands" title={t('commands.title')} hint={t('commands.hint')}>
        <div className="flex flex-col gap-4">
          <PushForm initial={workers} />
          <CommandList initial={commands} />
        </div>
      </Section>
      <Section id="tasks" title={t('tasks.title')} hint={t('tasks.hint')}>
        <TaskList initial={tasks} />
      </Section>
    </div>
  );
}

function Section({
  id,
  title,
  hint,
  children,
}: {
  id: string;
  title: string;
  hint: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3" data-testid={`section-${id}`}>
      <div>
        <h2 id={`${id}-heading`} className="text-base font-semibold">
          {title}
        </h2>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>
      </div>
      {children}
    </section>
  );
}
