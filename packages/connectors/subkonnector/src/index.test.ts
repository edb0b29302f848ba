import { describeConnector, runSample } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import { subkonnectorConnector } from './index';

describe('Sub-konnector: the "Called by another konnector" trigger', () => {
  it('is a tool without auth whose one trigger is of kind call', () => {
    const entry = describeConnector(subkonnectorConnector);
    expect(entry).toMatchObject({ key: 'subkonnector', category: 'tool', auth: { kind: 'none' } });
    expect(entry.triggers).toEqual([expect.objectContaining({ key: 'called', kind: 'call', name: 'Called by another konnector' })]);
  });

  it('samples the declared inputs with an example of each type', async () => {
    const sample = await runSample({
      connector: subkonnectorConnector,
      triggerKey: 'called',
      auth: undefined,
      input: { inputs: [{ name: 'email', type: 'text', required: true }, { name: 'count', type: 'number' }, { name: 'tags', type: 'list' }] },
    });
    expect(sample.records).toEqual([{ email: 'text', count: 1, tags: [] }]);
    expect(sample.fields.map((f) => f.path)).toEqual(['email', 'count', 'tags']);
  });

  it('refuses an input declared twice, naming it', async () => {
    await expect(
      runSample({ connector: subkonnectorConnector, triggerKey: 'called', auth: undefined, input: { inputs: [{ name: 'a' }, { name: 'a' }] } }),
    ).rejects.toMatchObject({ message: expect.stringContaining('"a" is declared twice') });
  });
});
