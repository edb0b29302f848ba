#!/usr/bin/env node
// `npm run setup`: install dependencies, create local secrets, check Postgres and Redis, migrate
// and seed the demo workspace — everything `npm start` does before it builds and runs the apps.
import { setup, migrate } from './lib/setup.mjs';
import { run } from './lib/run.mjs';
import { ok, step } from './lib/log.mjs';

const pnpm = await setup();
migrate(pnpm);
step('seeding the demo workspace');
run(pnpm, ['--filter', '@konnect/db', '--silent', 'seed']);
ok('set up: `npm start` runs the product, `npm test` runs every test');
