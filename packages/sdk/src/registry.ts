import type { ActionDef, ConnectorDef, Registry, TriggerDef } from './types';

export function createRegistry(connectors: ConnectorDef[]): Registry {
  const byKey = new Map<string, ConnectorDef>();
  for (const c of connectors) {
    if (byKey.has(c.key)) throw new Error(`duplicate connector key "${c.key}"`);
    byKey.set(c.key, c);
  }
  return {
    connectors: () => [...byKey.values()],
    connector: (key) => byKey.get(key),
    trigger: (connector, key): TriggerDef | undefined => byKey.get(connector)?.triggers.find((t) => t.key === key),
    action: (connector, key): ActionDef | undefined => byKey.get(connector)?.actions.find((a) => a.key === key),
  };
}
