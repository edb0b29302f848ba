/**
 * Environment parsing shared by the apps' env modules (apps/web/src/env.ts, apps/worker/src/env.ts):
 * parsed once at start-up; a missing or bad variable stops start-up with a message naming it.
 */
import { z } from 'zod';
import { parseKeyring } from './crypto';
import { DEFAULT_DATABASE_URL } from './defaults';

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

const url = (protocols: string[], example: string) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `expected a URL like ${example}`);

/** Variables every deployable needs (the platform's own settings: @konnect/platform platformEnvShape). */
export const baseEnvShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgresql://postgres@127.0.0.1:5432/konnect').default(DEFAULT_DATABASE_URL),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'expected 1-64 letters, digits, ":", "_" or "-"').default('konnect'),
  KONNECT_ENCRYPTION_KEY: z.string().superRefine((v, ctx) => {
    try {
      parseKeyring(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `expected "keyId:<32 bytes base64>" entries (${(e as Error).message}); generate one with: node -e "console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))"` });
    }
  }),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
};

export function parseEnv<S extends z.ZodRawShape>(shape: S, source: Record<string, string | undefined> = process.env): z.infer<z.ZodObject<S>> {
  // Empty strings count as unset, so `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.object(shape).safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(root)';
    const got = cleaned[name];
    const message = issue.code === 'invalid_type' && got === undefined ? 'is required' : issue.message;
    return `${name} ${message}${got !== undefined && !/KEY|SECRET|PASSWORD/.test(name) ? ` (got "${String(got).slice(0, 60)}")` : ''}`;
  });
  throw new EnvError(problems);
}
