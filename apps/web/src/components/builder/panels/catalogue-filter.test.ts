import { catalogue } from '@konnect/connectors';
import { describe, expect, it } from 'vitest';
import { actionGroups, filterApps } from './catalogue-filter';

const keys = (list: { key: string }[]) => list.map((c) => c.key);

describe('filterApps', () => {
  it('lists apps, tools or all that have triggers or actions', () => {
    expect(keys(filterApps(catalogue(), 'trigger', 'app', ''))).toEqual(['custify', 'slack']);
    expect(keys(filterApps(catalogue(), 'trigger', 'tool', '')).sort()).toEqual(['catch_hook', 'scheduler', 'subkonnector']);
    expect(keys(filterApps(catalogue(), 'action', 'tool', ''))).toEqual(['email', 'formatter', 'http', 'konnect_mail', 'storage', 'web_api']);
    expect(keys(filterApps(catalogue(), 'action', 'all', ''))).toEqual(['custify', 'email', 'formatter', 'http', 'konnect_mail', 'slack', 'storage', 'web_api']);
  });

  it('sorts by name', () => {
    const names = filterApps(catalogue(), 'action', 'all', '').map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('searches name, key and description by every word', () => {
    expect(keys(filterApps(catalogue(), 'trigger', 'all', 'hook'))).toEqual(['catch_hook']);
    expect(keys(filterApps(catalogue(), 'trigger', 'all', 'zzz'))).toEqual([]);
  });

  it('groups actions by their group', () => {
    const custify = catalogue().find((c) => c.key === 'custify');
    if (!custify) throw new Error('no custify');
    const groups = actionGroups(custify);
    expect(groups[0]?.group).toBe('People');
    expect(groups.flatMap((g) => g.actions)).toHaveLength(custify.actions.length);
  });
});
