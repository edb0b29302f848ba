import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuBetween, startCommand, type CpuSnapshot } from './webhook-path-procs';

function app(start: string, files: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'webhook-path-app-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { start } }));
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), '');
  }
  return dir;
}

describe("an app's start script as a command", () => {
  it('takes leading assignments as environment and expands ${VAR:-default}', () => {
    const dir = app('NEXT_TELEMETRY_DISABLED=1 next start -p ${PORT:-3000}', ['node_modules/.bin/next']);
    expect(startCommand(dir, { PORT: '4601' })).toEqual({ cmd: path.join(dir, 'node_modules/.bin/next'), args: ['start', '-p', '4601'], env: { NEXT_TELEMETRY_DISABLED: '1' } });
    expect(startCommand(dir, {}).args).toEqual(['start', '-p', '3000']);
  });

  it('runs `node <file>` with this Node, and says to build first when the file is missing', () => {
    expect(startCommand(app('node dist/main.js', ['dist/main.js']), {}).cmd).toBe(process.execPath);
    expect(() => startCommand(app('node dist/main.js'), {})).toThrow(/build the app first/);
  });

  it('refuses a build older than the sources it was made from (the bench would measure old code)', () => {
    const dir = app('node dist/main.js', ['dist/main.js', 'src/main.ts']);
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'dist/main.js'), past, past);
    expect(() => startCommand(dir, {}, { sources: [path.join(dir, 'src')] })).toThrow(/older than .*src\/main\.ts — rebuild/);
    utimesSync(path.join(dir, 'src/main.ts'), new Date(past.getTime() - 60_000), new Date(past.getTime() - 60_000));
    expect(startCommand(dir, {}, { sources: [path.join(dir, 'src')] }).cmd).toBe(process.execPath);
    // A task log or a test report written after the build is not a source.
    for (const f of ['src/.turbo/turbo-typecheck.log', 'src/.test-report.json']) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), '');
    }
    expect(startCommand(dir, {}, { sources: [path.join(dir, 'src')] }).cmd).toBe(process.execPath);
  });

  it('refuses scripts that need a shell, and commands that are not installed', () => {
    expect(() => startCommand(app('tsc && node dist/main.js', ['dist/main.js']), {})).toThrow(/needs a shell/);
    expect(() => startCommand(app('tsx src/main.ts', ['src/main.ts']), {})).toThrow(/"tsx" is not installed/);
  });
});

describe('CPU between two snapshots', () => {
  it('sums each group, counts a process new since the first snapshot from zero, and gives % of one core', () => {
    const a: CpuSnapshot = { at: 0, byPid: new Map([[1, { group: 'web', ticks: 100 }], [2, { group: 'worker', ticks: 50 }]]), system: { total: 1000, idle: 600 } };
    const b: CpuSnapshot = {
      at: 10_000,
      byPid: new Map([[1, { group: 'web', ticks: 300 }], [2, { group: 'worker', ticks: 150 }], [3, { group: 'worker', ticks: 100 }]]),
      system: { total: 3000, idle: 1600 },
    };
    const use = cpuBetween(a, b, ['web', 'worker', 'stub']);
    expect(use.seconds).toEqual({ web: 2, worker: 2, stub: 0 });
    expect(use.pctOfOneCore).toEqual({ web: 20, worker: 20, stub: 0 });
    expect(use.systemBusyPct).toBe(50);
  });
});
