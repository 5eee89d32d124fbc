import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // etcd3 loads its .proto files at run time; bundling it breaks the build.
  serverExternalPackages: ['etcd3', '@grpc/grpc-js', '@grpc/proto-loader', 'pino', 'prom-client'],
  poweredByHeader: false,
  reactStrictMode: true,
  compress: true,
  // `npm test` typechecks the whole project as its own step; the build need not do it a second time.
  typescript: { ignoreBuildErrors: true },
};

export default withNextIntl(nextConfig);
