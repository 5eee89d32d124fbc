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
  // Pages get their CSP (with a per-request nonce) from proxy.ts; these apply to every answer.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
