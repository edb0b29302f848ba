/** Immutable edits of a condition group for the condition builder. Pure. */
import { groupItems, type ConditionGroup, type ConditionItem, type ConditionRule } from '@konnect/schemas';

export type Mode = 'all' | 'any';

export const emptyRule = (): ConditionRule => ({ left: '', op: 'equals', right: '' });

export function makeGroup(mode: Mode, items: ConditionItem[]): ConditionGroup {
  return mode === 'all' ? { all: items } : { any: items };
}

export function setMode(group: ConditionGroup, mode: Mode): ConditionGroup {
  return makeGroup(mode, groupItems(group).items);
}

export function setItem(group: ConditionGroup, index: number, item: ConditionItem): ConditionGroup {
  const { mode, items } = groupItems(group);
  return makeGroup(
    mode,
    items.map((old, i) => (i === index ? item : old)),
  );
}

export function removeItem(group: ConditionGroup, index: number): ConditionGroup {
  const { mode, items } = groupItems(group);
  return makeGroup(
    mode,
    items.filter((_, i) => i !== index),
  );
}

export function addRule(group: ConditionGroup): ConditionGroup {
  const { mode, items } = groupItems(group);
  return makeGroup(mode, [...items, emptyRule()]);
}

/** A nested group (one level), matching the other way by default: ALL of (… ANY of …). */
export function addGroup(group: ConditionGroup): ConditionGroup {
  const { mode, items } = groupItems(group);
  return makeGroup(mode, [...items, makeGroup(mode === 'all' ? 'any' : 'all', [emptyRule()])]);
}
