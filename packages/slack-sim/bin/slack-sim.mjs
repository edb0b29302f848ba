#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a workspace devDependency), no build step needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv.slice(2));
