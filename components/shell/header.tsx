import { clusterProfiles } from '@/lib/etcd/cluster-context';
import { selectedClusterName } from '@/lib/etcd/page-cluster';
import { ClusterSwitch } from './cluster-switch';
import { HealthBadge } from './health-badge';
import { LiveIndicator } from './live-indicator';
import { LocaleSwitch } from './locale-switch';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

export async function Header() {
  const profiles = clusterProfiles();
  const selected = await selectedClusterName();
  const profile = profiles.find((p) => p.name === selected) ?? profiles[0]!;
  return (
    <header className="sticky top-0 z-10 flex items-center gap-4 border-b border-zinc-200 bg-white/90 px-6 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      {profiles.length > 1 ? (
        <ClusterSwitch
          profiles={profiles.map((p) => ({ name: p.name, label: p.label }))}
          selected={profile.name}
        />
      ) : null}
      <div
        className="min-w-0 flex-1 truncate font-mono text-xs text-zinc-500 dark:text-zinc-400"
        data-testid="cluster-endpoints"
        title={profile.endpoints.join(', ')}
      >
        {profile.endpoints.join(', ')}
        {profile.prefix ? (
          <span className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">{profile.prefix}</span>
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
