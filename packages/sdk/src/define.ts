import { assertOptionsDeclared } from './options';
import type { ActionDef, AnyObjectSchema, AuthDef, AuthValue, ConnectorDef, TriggerDef } from './types';

/**
 * Identity helpers that carry types: `run` gets `z.infer` of its input and the connector's
 * auth value without casts. Define actions and triggers through `bindAuth(auth)` (below) to
 * bind the auth type once per connector.
 */
export function defineConnector<A extends AuthDef>(def: ConnectorDef<A>): ConnectorDef<A> {
  const seen = new Set<string>();
  for (const t of def.triggers) {
    if (seen.has(`t:${t.key}`)) throw new Error(`${def.key}: duplicate trigger key "${t.key}"`);
    seen.add(`t:${t.key}`);
  }
  for (const a of def.actions) {
    if (seen.has(`a:${a.key}`)) throw new Error(`${def.key}: duplicate action key "${a.key}"`);
    seen.add(`a:${a.key}`);
  }
  // Every field's `dynamicOptions` names one of the connector's `options`.
  assertOptionsDeclared(def as ConnectorDef);
  return def;
}

export function defineAction<I extends AnyObjectSchema, Auth = unknown>(def: ActionDef<I, Auth>): ActionDef<I, Auth> {
  return def;
}

export function defineTrigger<I extends AnyObjectSchema, Auth = unknown>(def: TriggerDef<I, Auth>): TriggerDef<I, Auth> {
  return def;
}

/** Binds the auth type of a connector: `const { action, trigger } = bindAuth(auth)`. */
export function bindAuth<A extends AuthDef>(_auth: A) {
  return {
    action: <I extends AnyObjectSchema>(def: ActionDef<I, AuthValue<A>>) => def,
    trigger: <I extends AnyObjectSchema>(def: TriggerDef<I, AuthValue<A>>) => def,
  };
}
