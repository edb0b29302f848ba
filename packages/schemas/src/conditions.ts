import { z } from 'zod';
import { MAX_TEMPLATE_LENGTH } from './limits';
import { Operator } from './operators';

/** A string mixing text and `{{…}}` references. */
export const Template = z.string().max(MAX_TEMPLATE_LENGTH).meta({ label: 'Template' });
export type Template = z.infer<typeof Template>;

export const ConditionRule = z.object({
  left: Template,
  op: Operator,
  /** One template, or [low, high] for `between`; absent for operators without a right operand. */
  right: z.union([Template, z.tuple([Template, Template])]).optional(),
});
export type ConditionRule = z.infer<typeof ConditionRule>;

export const AllGroup = z.strictObject({
  get all(): z.ZodArray<typeof ConditionItem> {
    return z.array(ConditionItem);
  },
});
export type AllGroup = z.infer<typeof AllGroup>;

export const AnyGroup = z.strictObject({
  get any(): z.ZodArray<typeof ConditionItem> {
    return z.array(ConditionItem);
  },
});
export type AnyGroup = z.infer<typeof AnyGroup>;

/** `{ all: [...] }` or `{ any: [...] }`; items are rules or nested groups. */
export const ConditionGroup = z.union([AllGroup, AnyGroup]);
export type ConditionGroup = z.infer<typeof ConditionGroup>;

export const ConditionItem = z.union([ConditionRule, AllGroup, AnyGroup]);
export type ConditionItem = z.infer<typeof ConditionItem>;

export function isConditionGroup(item: ConditionItem): item is ConditionGroup {
  return 'all' in item || 'any' in item;
}

/** The items and mode of a group. */
export function groupItems(group: ConditionGroup): { mode: 'all' | 'any'; items: ConditionItem[] } {
  return 'all' in group ? { mode: 'all', items: group.all } : { mode: 'any', items: group.any };
}
