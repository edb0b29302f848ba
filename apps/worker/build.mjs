#!/usr/bin/env node
// Builds the worker into dist/ (`pnpm --filter @konnect/worker build`), so production runs plain
// JavaScript (`node dist/main.js`) instead of compiling TypeScript at start-up through tsx.
//
// The workspace packages (@konnect/*) are TypeScript sources (their package.json exports point at
// src/*.ts): they are bundled in. Every other package stays external, imported from where it is
// installed: pnpm links a package only into the node_modules of the workspace package that depends
// on it, so a bare `import 'bullmq'` written by @konnect/platform would not resolve from dist/.
// Each external import is therefore resolved at build time, from the importing source file, and
// written as a path relative to dist/ (the tree moves as a whole: the repository, or /app in the
// image).
//
// The code sandbox runs in worker threads started from a file next to the module that starts them
// (`new URL('./sandbox-thread.mjs', import.meta.url)`, packages/engine/src/sandbox-pool.ts): that
// file is a second entry point, so dist/sandbox-thread.mjs sits next to dist/main.js.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'dist');
const engineSrc = path.join(here, '..', '..', 'packages', 'engine', 'src');

/** Bare imports outside the workspace: external, as a path relative to dist/. */
const installedPackages = {
  name: 'installed-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('node:') || args.path.startsWith('@konnect/') || args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      // Node's own modules imported without the node: prefix.
      if (resolved.external) return { path: args.path, external: true };
      const relative = path.relative(outdir, resolved.path).split(path.sep).join('/');
      return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { main: path.join(here, 'src', 'main.ts'), 'sandbox-thread': path.join(engineSrc, 'sandbox-thread.mjs') },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // The bundle's own imports keep resolving relative to each entry (sandbox-thread.mjs next to main.mjs).
  splitting: false,
  plugins: [installedPackages],
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, out]) => `${path.basename(file)} ${(out.bytes / 1024).toFixed(0)} KiB`);
console.log(`worker built into ${path.relative(process.cwd(), outdir) || '.'}: ${bytes.join(', ')}`);
