import { etcdConfig } from '@/lib/etcd/client';
import { HealthBadge } from './health-badge';
import { LiveIndicator } from './live-indicator';
import { LocaleSwitch } from './locale-switch';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

export function Header() {
  const { endpoints, prefix } = etcdConfig();
  return (
    <header className="sticky top-0 z-10 flex items-center gap-4 border-b border-zinc-200 bg-white/90 px-6 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <div
        className="min-w-0 flex-1 truncate font-mono text-xs text-zinc-500 dark:text-zinc-400"
        data-testid="cluster-endpoints"
        title={endpoints.join(', ')}
      >
        {endpoints.join(', ')}
        {prefix ? (
          <span className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">{prefix}</span>
        ) : null}
      </div>
      <LiveIndicator />
      <HealthBadge />
      <LocaleSwitch />
      <ThemeToggle />
      <UserMenu />
    </header>
  );
}
