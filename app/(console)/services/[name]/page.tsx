import type { Metadata } from 'next';
import { ServicePage } from '@/components/services/service-page';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ layout?: string | string[]; name?: string | string[] }>;
};

/** The exact name: ?name= when the link carried one (names that need escaping), else the path segment. */
async function serviceName({ params, searchParams }: Props): Promise<string> {
  const [{ name }, query] = await Promise.all([params, searchParams]);
  return typeof query.name === 'string' ? query.name : name;
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  return { title: await serviceName(props) };
}

// /services/<name>?layout=<id> – one service of any layout (our own, the default, keeps its old address)
export default async function Page(props: Props) {
  const [name, { layout }] = await Promise.all([serviceName(props), props.searchParams]);
  return <ServicePage name={name} layout={layout} />;
}
