import { spawn, spawnSync } from 'node:child_process';
import { repoRoot } from './paths.mjs';

/** Runs a command to completion with inherited stdio; exits the script on failure unless allowFail. */
export function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot, env: process.env, ...opts });
  if (result.error) throw result.error;
  if (result.status !== 0 && !opts.allowFail) {
    console.error(`✖ ${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
    process.exit(result.status || 1);
  }
  return result.status ?? 1;
}

/** Output of a command, or null when it fails or is missing. */
export function capture(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', cwd: repoRoot, ...opts });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Starts a long-running child in its own process group, prefixing its output. */
export function startChild(name, cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...opts });
  const prefix = (stream, out) => {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  return child;
}

/** Kills a child's whole process group. */
export function killGroup(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}
