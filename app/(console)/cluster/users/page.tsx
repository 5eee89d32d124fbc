import type { Metadata } from 'next';
import { EtcdAuthPage } from '@/components/etcd-auth/etcd-auth-page';

export const metadata: Metadata = { title: 'etcd users and roles' };

export default function Page() {
  return <EtcdAuthPage />;
}
