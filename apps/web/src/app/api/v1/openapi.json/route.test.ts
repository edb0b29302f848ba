import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROUTE_MODULES, openApiPath } from '@/server/openapi/route-modules';
import { call } from '@/test/request';
import { GET } from './route';

const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const V1_DIR = path.join(APP_DIR, 'api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [path.relative(APP_DIR, full).split(path.sep).join('/')] : [];
  });
}

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string; required: boolean }[]; requestBody?: { content: { 'application/json': { schema: { $ref: string } } } }; responses: Record<string, unknown>; security?: unknown[] }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>; securitySchemes: Record<string, unknown> };
};

async function fetchDoc(): Promise<Doc> {
  const res = await call(GET, 'GET', '/api/v1/openapi.json');
  expect(res.status).toBe(200);
  return res.json as Doc;
}

describe('GET /api/v1/openapi.json', () => {
  it('lists every route file under src/app/api/v1 with exactly the methods it exports', async () => {
    const files = routeFiles(V1_DIR).sort();
    expect(ROUTE_MODULES.map((m) => m.file).sort(), 'add new route files to src/server/openapi/route-modules.ts').toEqual(files);
    const doc = await fetchDoc();
    expect(doc.openapi).toBe('3.1.0');
    const expected: string[] = [];
    for (const file of files) {
      const mod = (await import(pathToFileURL(path.join(APP_DIR, file)).href)) as Record<string, unknown>;
      for (const method of METHODS) if (typeof mod[method] === 'function') expected.push(`${method} ${openApiPath(file)}`);
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    // The Catch Hook is documented by hand (it is not an /api/v1 route).
    expect(documented.sort()).toEqual([...expected, 'POST /hooks/{token}'].sort());
    expect(expected.length).toBeGreaterThanOrEqual(38);
  });

  it('describes parameters, bodies from the zod schemas, auth and the error shape; every $ref resolves', async () => {
    const doc = await fetchDoc();
    const create = doc.paths['/api/v1/workspaces/{workspaceId}/konnectors']?.post;
    expect(create?.requestBody?.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateKonnectorBody' });
    expect(Object.keys(doc.components.schemas.CreateKonnectorBody?.properties ?? {})).toEqual(expect.arrayContaining(['name', 'definition', 'templateKey', 'connectionId']));
    expect(create?.responses).toHaveProperty('201');
    expect(create?.responses).toHaveProperty('401');

    const runs = doc.paths['/api/v1/workspaces/{workspaceId}/konnectors/{konnectorId}/runs']?.get;
    expect(runs?.parameters?.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:workspaceId:true',
      'path:konnectorId:true',
      'query:cursor:false',
      'query:limit:false',
      'query:status:false',
      'query:from:false',
      'query:to:false',
    ]);
    expect(doc.paths['/api/v1/auth/signup']?.post?.security).toEqual([]);
    expect(doc.paths['/api/v1/workspaces/{workspaceId}/konnectors/{konnectorId}']?.delete?.responses).toHaveProperty('204');
    expect(doc.components.securitySchemes).toHaveProperty('apiToken');
    expect(doc.components.schemas.Error?.properties).toHaveProperty('error');

    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\/[A-Za-z0-9_]+$/);
      expect(doc.components.schemas, ref).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the Catch Hook with its Respond to Hook answers, and the Respond step in the definition schema', async () => {
    const doc = await fetchDoc();
    const hook = doc.paths['/hooks/{token}']?.post;
    expect(Object.keys(hook?.responses ?? {})).toEqual(expect.arrayContaining(['202', '500', '504', '404', '429']));
    expect(JSON.stringify(doc.components.schemas.Step)).toContain('"respond"');
  });
});
