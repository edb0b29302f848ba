import { describe, expect, it } from 'vitest';
import { dependencyStates } from './dependencies';

function recorded() {
  const lines: string[] = [];
  const log = { info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) };
  return { lines, states: dependencyStates(log) };
}

describe('dependency states', () => {
  it('logs one line when a store goes away and one when it is back, however many reports come in between', () => {
    const { lines, states } = recorded();
    let backs = 0;
    states.onBack('postgres', () => backs++);
    for (let i = 0; i < 50; i++) states.down('postgres', new Error('connect ECONNREFUSED'));
    expect(states.isUp('postgres')).toBe(false);
    expect(states.isUp('redis')).toBe(true);
    states.up('postgres');
    states.up('postgres');
    expect(states.isUp('postgres')).toBe(true);
    expect(backs).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^PostgreSQL is unreachable \(connect ECONNREFUSED\)/);
    expect(lines[1]).toMatch(/^PostgreSQL is reachable again after \d+ s$/);
  });

  it('a success of an operation started before the outage was noticed does not end it', () => {
    const { lines, states } = recorded();
    const before = Date.now() - 1000;
    states.down('redis', new Error('connection closed'));
    states.up('redis', before);
    expect(states.isUp('redis')).toBe(false);
    states.up('redis', Date.now() + 1);
    expect(states.isUp('redis')).toBe(true);
    expect(lines).toHaveLength(2);
  });

  it('a late failure of an operation started before the store came back is not a new outage', () => {
    const { lines, states } = recorded();
    const during = Date.now() - 1000;
    states.down('postgres', new Error('the database system is shutting down'));
    states.up('postgres');
    states.down('postgres', new Error('connect ECONNREFUSED'), during);
    expect(states.isUp('postgres')).toBe(true);
    expect(lines).toHaveLength(2);
    // One started after it came back is.
    states.down('postgres', new Error('connect ECONNREFUSED'), Date.now() + 1);
    expect(states.isUp('postgres')).toBe(false);
    expect(lines).toHaveLength(3);
  });
});
