import createNextIntlPlugin from 'next-intl/plugin';
import { apiHeaders, asNextHeaders, securityHeaders } from './server/headers.mjs';

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
  // Pages get their CSP (with a per-request nonce) from proxy.ts; these apply to every answer (server/headers.mjs,
  // shared with server.mjs's fast path for the API).
  async headers() {
    return [
      { source: '/:path*', headers: asNextHeaders(securityHeaders) },
      { source: '/api/:path*', headers: asNextHeaders(apiHeaders) },
    ];
  },
};

export default withNextIntl(nextConfig);
