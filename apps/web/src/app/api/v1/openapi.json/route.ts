import { route } from '@/server/handler';

export const dynamic = 'force-dynamic';

/** Generated from every route's own zod schemas (imported lazily: the generator imports this file too). */
export const GET = route({
  access: 'public',
  summary: 'This OpenAPI 3.1 document',
  handle: async () => (await import('@/server/openapi/document')).openApiDocument(),
});
