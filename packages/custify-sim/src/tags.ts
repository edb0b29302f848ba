import { z } from 'zod';
import { mustGet, mustUpdate, ok, param, type Ctx } from './context';
import { invalid } from './errors';
import { listBody, listRecords } from './list';
import type { Tag } from './records-core';
import type { Router } from './router';
import { ensureTag, withTag, type TagCategory } from './tags-shared';
import { parseInput } from './validate';

const category = z.enum(['company', 'people']);

const TagWrite = z.object({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  category,
  color: z.string().nullable().optional(),
});

const TagEntityWrite = z.object({
  ids: z.array(z.string().min(1)).min(1),
  type: z.enum(['add', 'remove']),
  category,
  tag: z.string().trim().min(1),
});

function assertFreeName(ctx: Ctx, cat: TagCategory, name: string, selfId: string | null): void {
  const other = ctx.store.find('tags', (t) => t.category === cat && t.name === name && t.id !== selfId);
  if (other) throw invalid(`name ${name} already exists in category ${cat}`);
}

/** Rewrite (or drop) a tag name on every person/company of a category. */
function retag(ctx: Ctx, cat: TagCategory, from: string, to: string | null): void {
  const collection = cat === 'people' ? 'people' : 'companies';
  for (const entity of ctx.store.list(collection)) {
    if (!entity.tags.includes(from)) continue;
    const tags = to === null ? entity.tags.filter((t) => t !== from) : entity.tags.map((t) => (t === from ? to : t));
    ctx.store.update(collection, entity.id, { tags });
  }
}

function createTag(ctx: Ctx) {
  const input = parseInput(TagWrite, ctx.body);
  assertFreeName(ctx, input.category, input.name, null);
  return ok(ctx.store.insert('tags', input));
}

function updateTag(ctx: Ctx) {
  const tag = mustGet(ctx, 'tags', param(ctx, 'id'));
  const input = parseInput(TagWrite.partial(), ctx.body);
  const next = { category: input.category ?? tag.category, name: input.name ?? tag.name };
  if (next.category !== tag.category || next.name !== tag.name) {
    assertFreeName(ctx, next.category, next.name, tag.id);
    retag(ctx, tag.category, tag.name, next.category === tag.category ? next.name : null);
  }
  return ok(mustUpdate(ctx, 'tags', tag.id, input));
}

function deleteTag(ctx: Ctx) {
  const tag = mustGet(ctx, 'tags', param(ctx, 'id'));
  ctx.store.remove('tags', tag.id);
  retag(ctx, tag.category, tag.name, null);
  return ok({ deleted: 1 });
}

/** `tag` may be a tag's id or its name; adding an unknown name creates the tag. */
function resolveTagName(ctx: Ctx, cat: TagCategory, tag: string, add: boolean): string {
  const byId: Tag | undefined = ctx.store.get('tags', tag);
  if (byId) {
    if (byId.category !== cat) throw invalid(`tag ${tag} is a ${byId.category} tag, not a ${cat} tag`);
    return byId.name;
  }
  return add ? ensureTag(ctx, cat, tag).name : tag;
}

function tagEntities(ctx: Ctx) {
  const input = parseInput(TagEntityWrite, ctx.body);
  const add = input.type === 'add';
  const name = resolveTagName(ctx, input.category, input.tag, add);
  const collection = input.category === 'people' ? 'people' : 'companies';
  let updated = 0;
  for (const id of new Set(input.ids)) {
    const entity = ctx.store.get(collection, id);
    if (!entity) continue;
    ctx.store.update(collection, id, { tags: withTag(entity.tags, name, add) });
    updated += 1;
  }
  return ok({ updated });
}

export function tagRoutes(router: Router): void {
  router
    .get('/tag', (ctx) => {
      // ?category= narrows the list (CustifyOfficial/custify-mcp listTags).
      const category = ctx.query.get('category');
      const where = category ? (t: { category: string }) => t.category === category : undefined;
      return ok(listBody(listRecords(ctx, 'tags', { where }), 'tags'));
    })
    .patch('/tag/entity', tagEntities)
    .get('/tag/:id', (ctx) => ok(mustGet(ctx, 'tags', param(ctx, 'id'))))
    .post('/tag', createTag)
    .post('/tag/:id', updateTag)
    .delete('/tag/:id', deleteTag);
}
