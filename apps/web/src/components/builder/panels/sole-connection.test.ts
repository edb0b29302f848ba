import { describe, expect, it } from 'vitest';
import { soleConnection } from './sole-connection';

const app = { key: 'custify', auth: { kind: 'apiKey' } } as Parameters<typeof soleConnection>[1];
const c = (id: string, status: 'ok' | 'unchecked' | 'needs_attention', connectorKey = 'custify') => ({ id, connectorKey, status });

describe('issue 17 friction 8: the connection chosen for you', () => {
  it('friction 8: the only working connection of the app is preselected, even next to a broken one', () => {
    expect(soleConnection([c('good', 'ok'), c('bad', 'needs_attention'), c('slack', 'ok', 'slack')], app)).toBe('good');
    expect(soleConnection([c('new', 'unchecked')], app)).toBe('new');
  });

  it('friction 8: nothing is preselected when the only one is broken, or when there are several that work', () => {
    expect(soleConnection([c('bad', 'needs_attention')], app)).toBeUndefined();
    expect(soleConnection([c('a', 'ok'), c('b', 'unchecked')], app)).toBeUndefined();
    expect(soleConnection([c('a', 'ok')], { key: 'formatter', auth: { kind: 'none' } } as Parameters<typeof soleConnection>[1])).toBeUndefined();
  });
});
