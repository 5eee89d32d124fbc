import {
  Activity,
  Boxes,
  Crown,
  FileText,
  GitPullRequest,
  KeyRound,
  LayoutDashboard,
  type LucideIcon,
  Radio,
  Server,
  ShieldCheck,
  Timer,
  Webhook,
  Workflow,
} from 'lucide-react';

export type NavItem = { href: string; label: string; icon: LucideIcon };

/** The console's sections, in sidebar order; labels are message keys under "nav". */
export const navItems: NavItem[] = [
  { href: '/', label: 'overview', icon: LayoutDashboard },
  { href: '/keys', label: 'keys', icon: KeyRound },
  { href: '/changesets', label: 'changesets', icon: GitPullRequest },
  { href: '/services', label: 'services', icon: Boxes },
  { href: '/coordination', label: 'coordination', icon: Crown },
  { href: '/workers', label: 'workers', icon: Workflow },
  { href: '/cluster', label: 'cluster', icon: Server },
  { href: '/leases', label: 'leases', icon: Timer },
  { href: '/watch', label: 'watch', icon: Radio },
  { href: '/audit', label: 'audit', icon: ShieldCheck },
  { href: '/webhooks', label: 'webhooks', icon: Webhook },
  { href: '/api-docs', label: 'apiDocs', icon: FileText },
];

export const healthIcon = Activity;
