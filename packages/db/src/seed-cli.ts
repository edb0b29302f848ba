/** `tsx src/seed-cli.ts`: seeds the demo workspace into DATABASE_URL. */
import { createDb } from './client';
import { parseKeyring } from './crypto';
import { baseEnvShape, parseEnv } from './env';
import { DEMO_USER, seedDemo } from './seed';
import { z } from 'zod';

async function main(): Promise<void> {
  const env = parseEnv({ ...baseEnvShape, CUSTIFY_SIM_URL: z.url().default('http://127.0.0.1:4010'), SLACK_SIM_URL: z.url().default('http://127.0.0.1:4020') });
  const db = createDb(env.DATABASE_URL, { max: 2 });
  try {
    const ids = await seedDemo(db, { keyring: parseKeyring(env.KONNECT_ENCRYPTION_KEY), custifyUrl: env.CUSTIFY_SIM_URL, slackUrl: env.SLACK_SIM_URL });
    console.log(`seeded demo workspace ${ids.workspaceId} (login ${DEMO_USER.email} / ${DEMO_USER.password})`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
