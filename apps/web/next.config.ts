import type { NextConfig } from 'next';

const config: NextConfig = {
  // Internal packages export TypeScript source.
  transpilePackages: ['@konnect/db', '@konnect/schemas', '@konnect/engine', '@konnect/sdk', '@konnect/connectors'],
  serverExternalPackages: ['pg', 'ioredis', 'bullmq', 'quickjs-emscripten', '@prisma/adapter-pg'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default config;
