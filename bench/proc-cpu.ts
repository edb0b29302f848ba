/** CPU time of a process and its descendants, read from /proc (Linux): for benches that print CPU per process. */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function descendants(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const current = out[i] ?? 0;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        for (const child of readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) out.push(Number(child));
      } catch {
        // the task ended
      }
    }
  }
  return out;
}

/** User + system CPU milliseconds used so far by `pid` and its descendants (exited children are not counted). */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of descendants(pid)) {
    try {
      // The fields after the command name (which may hold spaces) start at its closing parenthesis.
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(')').pop()?.trim().split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
