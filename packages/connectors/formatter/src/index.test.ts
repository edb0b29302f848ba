import { describeConnector } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import { formatterConnector } from './index';

describe('Formatter connector', () => {
  it('is a tool without auth with text, number and date actions, each input documented', () => {
    const entry = describeConnector(formatterConnector);
    expect(entry).toMatchObject({ key: 'formatter', category: 'tool', auth: { kind: 'none' } });
    expect(entry.icon.startsWith('<svg')).toBe(true);
    expect(entry.actions.map((a) => a.key)).toEqual(['text', 'number', 'date']);
    for (const action of entry.actions) {
      const props = action.input.properties as Record<string, Record<string, unknown>>;
      expect(props.operation?.enum).toBeInstanceOf(Array);
      for (const [name, prop] of Object.entries(props)) expect(prop.label, `${action.key}.${name}`).toEqual(expect.any(String));
    }
  });
});
