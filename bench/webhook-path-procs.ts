/**
 * The processes bench/webhook-path.ts starts (each in its own process group, so stopping one stops
 * its children, e.g. tsx's node) and the CPU each uses, read from /proc like the n8n harness's
 * load.py: the product's apps are started with their own `start` script from package.json, so the
 * bench runs what `npm start` and a deployment run (built JavaScript once an app has a build).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** A port in [from, to] nobody listens on (127.0.0.1), skipping `taken`. */
export async function freePort(from: number, to: number, taken: Set<number>): Promise<number> {
  for (let port = from; port <= to; port++) {
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${from}–${to}`);
}

export interface Service {
  name: string;
  child: ChildProcess;
  /** The last lines it printed (stdout and stderr), shown when it fails. */
  tail(): string;
}

/**
 * An app's `start` script as a command: leading `NAME=value` assignments become environment, and
 * `${VAR:-default}` is expanded from `env`. Anything a shell would be needed for (&&, |, quotes)
 * is refused rather than guessed.
 */
/** The newest source file under these folders (node_modules, dist, .next and tests left out), or null when there is none. */
export function newestSource(dirs: readonly string[]): { file: string; mtimeMs: number } | null {
  let newest: { file: string; mtimeMs: number } | null = null;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      // Not sources: installed packages, builds, and dot entries (.turbo task logs, .test-report.json, .next).
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.includes('.test.')) {
        const { mtimeMs } = statSync(full);
        if (!newest || mtimeMs > newest.mtimeMs) newest = { file: full, mtimeMs };
      }
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return newest;
}

/**
 * The app's `start` script as a command to spawn. With `sources`, the build it starts (the `node`
 * entry file, or `next start`'s .next/BUILD_ID) must be newer than every file in those folders:
 * a stale build would measure code that is no longer there.
 */
export function startCommand(appDir: string, env: Record<string, string | undefined>, opts: { sources?: readonly string[] } = {}): { cmd: string; args: string[]; env: Record<string, string> } {
  const pkg = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.start;
  if (!script) throw new Error(`${appDir}/package.json has no "start" script`);
  if (/[&|;<>'"`]/.test(script)) throw new Error(`${appDir}: the start script "${script}" needs a shell; the bench runs simple commands only`);
  const expanded = script.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_m, name: string, fallback?: string) => env[name] ?? fallback ?? '');
  const words = expanded.split(/\s+/).filter(Boolean);
  const assigned: Record<string, string> = {};
  while (words[0] && /^\w+=/.test(words[0])) {
    const [name, ...value] = (words.shift() ?? '').split('=');
    assigned[name ?? ''] = value.join('=');
  }
  const [first, ...args] = words;
  if (!first) throw new Error(`${appDir}: empty start script`);
  const cmd = first === 'node' ? process.execPath : path.join(appDir, 'node_modules/.bin', first);
  if (!existsSync(cmd)) throw new Error(`${appDir}: "${first}" is not installed (${cmd})`);
  const entry = args.find((a) => /\.(m?js|ts)$/.test(a));
  if (entry && !existsSync(path.join(appDir, entry))) throw new Error(`${appDir}: ${entry} does not exist — build the app first (pnpm --filter <app> build)`);
  const built = entry ? path.join(appDir, entry) : first === 'next' ? path.join(appDir, '.next/BUILD_ID') : null;
  if (built && opts.sources && existsSync(built)) {
    const newest = newestSource(opts.sources);
    if (newest && newest.mtimeMs > statSync(built).mtimeMs) {
      throw new Error(`${appDir}: the build (${path.relative(appDir, built)}) is older than ${newest.file} — rebuild the app first (pnpm --filter <app> build)`);
    }
  }
  return { cmd, args, env: assigned };
}

/**
 * Starts `cmd` in its own process group; resolves when `ready` (given what it printed so far)
 * answers true, rejects when it exits first or after `timeoutMs`.
 */
export async function startService(name: string, cwd: string, command: { cmd: string; args: string[] }, env: Record<string, string | undefined>, ready: (output: string) => Promise<boolean>, timeoutMs = 180_000): Promise<Service> {
  const child = spawn(command.cmd, command.args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const service: Service = { name, child, tail: () => lines.join('\n') };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.signalCode ?? child.exitCode}) before it was ready:\n${service.tail()}`);
    if (await ready(service.tail()).catch(() => false)) return service;
    if (Date.now() > deadline) {
      stopService(service, 'SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${service.tail()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function stopService(service: Service, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (service.child.exitCode !== null || service.child.signalCode !== null || !service.child.pid) return;
  try {
    process.kill(-service.child.pid, signal);
  } catch {
    // already gone
  }
}

export async function stopAll(services: readonly Service[], graceMs = 10_000): Promise<void> {
  for (const s of services) stopService(s);
  const exited = (s: Service) => s.child.exitCode !== null || s.child.signalCode !== null;
  const deadline = Date.now() + graceMs;
  while (services.some((s) => !exited(s)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const s of services) if (!exited(s)) stopService(s, 'SIGKILL');
}

/** A process's parent and CPU ticks (user + system), by pid. */
interface Proc {
  ppid: number;
  ticks: number;
}

/** USER_HZ: 100 on Linux (what load.py reads with os.sysconf). */
const HZ = 100;

function readProcs(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function treeOf(procs: Map<number, Proc>, root: number): number[] {
  const found = procs.has(root) ? [root] : [];
  for (let i = 0; i < found.length; i++) for (const [pid, p] of procs) if (p.ppid === found[i]) found.push(pid);
  return found;
}

/** The PostgreSQL backends serving `database` ("postgres: <user> <database> 127.0.0.1(port) …"). */
function postgresBackends(procs: Map<number, Proc>, database: string): number[] {
  const out: number[] = [];
  for (const pid of procs.keys()) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database)) out.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Named groups of processes: a root pid (its whole tree) or the backends of a database. */
export type CpuGroups = Record<string, { roots: number[] } | { postgresDatabase: string }>;

export interface CpuSnapshot {
  at: number;
  /** Ticks per pid, with the group it belongs to. */
  byPid: Map<number, { group: string; ticks: number }>;
  /** /proc/stat: all ticks, idle + iowait ticks. */
  system: { total: number; idle: number };
}

export function cpuSnapshot(groups: CpuGroups): CpuSnapshot {
  const procs = readProcs();
  const byPid = new Map<number, { group: string; ticks: number }>();
  for (const [group, spec] of Object.entries(groups)) {
    const pids = 'roots' in spec ? spec.roots.flatMap((r) => treeOf(procs, r)) : postgresBackends(procs, spec.postgresDatabase);
    for (const pid of pids) byPid.set(pid, { group, ticks: procs.get(pid)?.ticks ?? 0 });
  }
  const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/).slice(1, 9).map(Number);
  return { at: Date.now(), byPid, system: { total: f.reduce((a, b) => a + b, 0), idle: (f[3] ?? 0) + (f[4] ?? 0) } };
}

export interface CpuUse {
  /** CPU seconds used between the snapshots, per group (processes that exited meanwhile are missed). */
  seconds: Record<string, number>;
  /** The same as % of one core over the interval. */
  pctOfOneCore: Record<string, number>;
  /** The whole machine, % of all its cores. */
  systemBusyPct: number;
  wallSeconds: number;
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, groups: readonly string[]): CpuUse {
  const wallSeconds = (b.at - a.at) / 1000;
  const seconds: Record<string, number> = Object.fromEntries(groups.map((g) => [g, 0]));
  for (const [pid, end] of b.byPid) seconds[end.group] = (seconds[end.group] ?? 0) + (end.ticks - (a.byPid.get(pid)?.ticks ?? 0)) / HZ;
  const pctOfOneCore = Object.fromEntries(Object.entries(seconds).map(([g, s]) => [g, wallSeconds > 0 ? (100 * s) / wallSeconds : 0]));
  const total = b.system.total - a.system.total;
  const systemBusyPct = total > 0 ? (100 * (total - (b.system.idle - a.system.idle))) / total : 0;
  return { seconds, pctOfOneCore, systemBusyPct, wallSeconds };
}
