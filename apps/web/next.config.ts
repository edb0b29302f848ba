import type { NextConfig } from 'next';
import { headerRules } from './src/security-headers';

const config: NextConfig = {
  // Internal packages export TypeScript source.
  transpilePackages: ['@konnect/db', '@konnect/schemas', '@konnect/engine', '@konnect/sdk', '@konnect/connectors'],
  serverExternalPackages: ['pg', 'ioredis', 'bullmq', 'quickjs-emscripten', '@prisma/adapter-pg', 'nodemailer', '@react-email/render', '@react-email/components'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Security headers on every response; pages also get a nonce-based CSP from src/proxy.ts.
  headers: async () => headerRules(),
};

export default config;
