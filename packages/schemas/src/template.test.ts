import { describe, expect, it } from 'vitest';
import { parseReference, parseTemplate, referencedStepId } from './template';

describe('parseReference', () => {
  it('reads dotted, indexed and quoted segments', () => {
    expect(parseReference('trigger.items[0].name')).toEqual({ root: 'trigger', path: ['items', 0, 'name'], text: 'trigger.items[0].name' });
    expect(parseReference(' trigger.items.0.name ')).toMatchObject({ path: ['items', 0, 'name'], text: 'trigger.items.0.name' });
    expect(parseReference('trigger["Plan Name"].x')).toMatchObject({ path: ['Plan Name', 'x'] });
    expect(parseReference("steps.send['a\\'b']")).toMatchObject({ root: 'steps', path: ['send', "a'b"] });
    expect(parseReference('loop.item')).toMatchObject({ root: 'loop', path: ['item'] });
    expect(parseReference('trigger')).toMatchObject({ root: 'trigger', path: [] });
  });

  it('rejects unknown roots and bad syntax with a message', () => {
    expect(parseReference('process.env')).toEqual({ error: expect.stringContaining('"process" is not a known reference root') });
    expect(parseReference('trigger..x')).toEqual({ error: expect.stringContaining('empty segment') });
    expect(parseReference('trigger.a b')).toEqual({ error: expect.stringContaining('unexpected') });
    expect(parseReference('trigger[x]')).toEqual({ error: expect.stringContaining('after "["') });
    expect(parseReference('trigger["x]')).toEqual({ error: expect.stringContaining('unterminated') });
    expect(parseReference('1+1')).toEqual({ error: expect.stringContaining('is not a reference') });
    expect(parseReference('trigger.x()')).toEqual({ error: expect.stringContaining('unexpected "("') });
  });
});

describe('parseTemplate', () => {
  it('splits text and references and spots a sole reference', () => {
    const t = parseTemplate('Hi {{trigger.first_name}} {{ trigger.last_name }}!');
    expect(t.parts.map((p) => p.kind)).toEqual(['text', 'ref', 'text', 'ref', 'text']);
    expect(t.sole).toBeNull();
    expect(t.refs.map((r) => r.text)).toEqual(['trigger.first_name', 'trigger.last_name']);
    expect(parseTemplate('{{trigger.age}}').sole?.path).toEqual(['age']);
    expect(parseTemplate(' {{trigger.age}}').sole).toBeNull();
    expect(parseTemplate('plain').parts).toEqual([{ kind: 'text', text: 'plain' }]);
    expect(parseTemplate('').parts).toEqual([]);
  });

  it('keeps invalid and unterminated braces as text', () => {
    const t = parseTemplate('a {{ nope }} b {{trigger.x');
    expect(t.parts[1]).toMatchObject({ kind: 'invalid', text: '{{ nope }}' });
    expect(t.parts[2]).toEqual({ kind: 'text', text: ' b {{trigger.x' });
    expect(t.refs).toEqual([]);
  });

  it('names the step a reference reads', () => {
    const ref = parseTemplate('{{steps.send.id}}').sole;
    expect(ref && referencedStepId(ref)).toBe('send');
  });
});
