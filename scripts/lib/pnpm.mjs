// Makes sure the pinned pnpm is available: the global one when it matches the major version,
// otherwise a private copy in .tools/ installed with npm (nothing global is changed).
import fs from 'node:fs';
import path from 'node:path';
import { capture, run } from './run.mjs';
import { repoRoot } from './paths.mjs';
import { ok, step } from './log.mjs';

export function ensurePnpm() {
  const pinned = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).packageManager.split('@')[1];
  const major = pinned.split('.')[0];
  const global = capture('pnpm', ['--version']);
  if (global && global.split('.')[0] === major) return 'pnpm';
  const local = path.join(repoRoot, '.tools', 'node_modules', '.bin', 'pnpm');
  if (!fs.existsSync(local) || capture(local, ['--version']) !== pinned) {
    step(`installing pnpm ${pinned} into .tools/ (found ${global ?? 'no pnpm'})`);
    run('npm', ['install', '--prefix', path.join(repoRoot, '.tools'), '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${pinned}`]);
    ok(`pnpm ${pinned} ready`);
  }
  // turbo and package scripts call `pnpm` by name: put the private copy first on PATH.
  process.env.PATH = `${path.dirname(local)}${path.delimiter}${process.env.PATH ?? ''}`;
  return local;
}
