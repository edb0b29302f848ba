import { describe, expect, it } from 'vitest';
import { scopeArgs } from './tenant';

describe('scopeArgs', () => {
  it('forces the workspace into where, data and upserts, over any caller value', () => {
    expect(scopeArgs('Connection', 'findMany', { where: { name: 'a', workspaceId: 'evil' } }, 'w1')).toEqual({ where: { name: 'a', workspaceId: 'w1' } });
    expect(scopeArgs('Connection', 'findFirst', undefined, 'w1')).toEqual({ where: { workspaceId: 'w1' } });
    expect(scopeArgs('Connection', 'update', { where: { id: 'c' }, data: { name: 'n' } }, 'w1')).toEqual({ where: { id: 'c', workspaceId: 'w1' }, data: { name: 'n' } });
    expect(scopeArgs('Connection', 'create', { data: { name: 'n', workspaceId: 'evil' } }, 'w1')).toEqual({ data: { name: 'n', workspaceId: 'w1' } });
    expect(scopeArgs('ApiToken', 'createMany', { data: [{ a: 1 }, { a: 2 }] }, 'w1')).toEqual({ data: [{ a: 1, workspaceId: 'w1' }, { a: 2, workspaceId: 'w1' }] });
    expect(scopeArgs('Invitation', 'upsert', { where: { id: 'i' }, create: { email: 'e' }, update: {} }, 'w1')).toEqual({ where: { id: 'i', workspaceId: 'w1' }, create: { email: 'e', workspaceId: 'w1' }, update: {} });
  });

  it('refuses operations it cannot scope', () => {
    expect(() => scopeArgs('Connection', 'findRaw', {}, 'w1')).toThrow(/cannot be scoped/);
  });
});
