#!/usr/bin/env node
// Bundles the ingress into dist/main.js for production (`node dist/main.js`, no TypeScript loader).
// The workspace packages (@konnect/*, TypeScript sources) are bundled in; every other package stays
// an import resolved from node_modules at run time, so each must be resolvable from this app: the
// build fails naming any that is not (add it to this package.json's dependencies).
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** The package name of a bare import ("@scope/name/sub" → "@scope/name"). */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

const repoRoot = path.resolve(here, '../..');
const keepExternal = {
  name: 'node-modules-external',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.inner || builtins.has(args.path)) return undefined;
      if (/^[^./]/.test(args.path) && !args.path.startsWith('@konnect/')) return { path: args.path, external: true };
      // The workspace's modules have no import-time side effects (no bare `import './x'`): a module none
      // of whose exports the ingress uses is left out, with the packages only it imports (the migration
      // engine, the seed's password hashing…).
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { inner: true } });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      const ours = resolved.path.startsWith(repoRoot) && !resolved.path.includes(`${path.sep}node_modules${path.sep}`);
      return { path: resolved.path, external: resolved.external, namespace: resolved.namespace, sideEffects: ours ? false : resolved.sideEffects };
    });
  },
};

rmSync(path.join(here, 'dist'), { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap: true, logLevel: 'warning', metafile: true, plugins: [keepExternal] };
const result = await build({
  ...common,
  entryPoints: [path.join(here, 'src/main.ts')],
  outfile: path.join(here, 'dist/main.js'),
  // Bundled workspace code may call require() for a CommonJS package (ESM output has none of its own).
  banner: { js: "import { createRequire as __konnectRequire } from 'node:module'; const require = __konnectRequire(import.meta.url);" },
});

// The code sandbox of the runs the ingress executes itself (INGRESS_RUNS, packages/platform/src/run-here.ts)
// runs in worker threads started from a file next to the module that starts them
// (`new URL('./sandbox-thread.mjs', import.meta.url)`, packages/engine/src/sandbox-pool.ts).
const sandbox = await build({
  ...common,
  entryPoints: [path.join(repoRoot, 'packages/engine/src/sandbox-thread.mjs')],
  outfile: path.join(here, 'dist/sandbox-thread.mjs'),
});

// The packages the bundles still import once unused modules are left out.
const externals = new Set(
  [...Object.values(result.metafile.outputs), ...Object.values(sandbox.metafile.outputs)]
    .flatMap((o) => o.imports)
    .filter((i) => i.external && !builtins.has(i.path))
    .map((i) => packageOf(i.path)),
);
const missing = [...externals].filter((name) => !existsSync(path.join(here, 'node_modules', name, 'package.json')));
if (missing.length > 0) {
  console.error(`ingress build: these packages are imported but not dependencies of @konnect/ingress (add them, pinned): ${missing.sort().join(', ')}`);
  process.exit(1);
}
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`ingress built: dist/main.js (${Math.round(bytes / 1024)} KB with its source map; ${externals.size} packages from node_modules)`);
