import type { Ctx } from './context';
import type { Tag } from './records-core';

export type TagCategory = Tag['category'];

/** The tag with this name in this category, created when missing (as Custify does when tagging). */
export function ensureTag(ctx: Ctx, category: TagCategory, name: string): Tag {
  const existing = ctx.store.find('tags', (t) => t.category === category && t.name === name);
  return existing ?? ctx.store.insert('tags', { name, category });
}

/** A list of tag names with `name` added (once) or removed. */
export function withTag(tags: readonly string[], name: string, add: boolean): string[] {
  if (add) return tags.includes(name) ? [...tags] : [...tags, name];
  return tags.filter((t) => t !== name);
}
