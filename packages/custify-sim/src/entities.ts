import type { Ctx } from './context';
import { invalid } from './errors';
import type { EntityModel } from './validate';

/** The collection an `entityModel` points into. */
export function entityCollection(model: EntityModel): 'companies' | 'people' {
  return model === 'Company' ? 'companies' : 'people';
}

/** 422 naming the field unless `id` is an existing Company/Person. */
export function requireEntity(ctx: Ctx, model: EntityModel, id: string, field = 'entity'): void {
  if (!ctx.store.get(entityCollection(model), id)) {
    throw invalid(`${field} does not match any ${model} (id ${id})`);
  }
}

/** Path segments like `company` / `People` → the canonical entityModel, or 422. */
export function entityModelFromPath(segment: string): EntityModel {
  const lower = segment.toLowerCase();
  if (lower === 'company' || lower === 'companies') return 'Company';
  if (lower === 'people' || lower === 'person') return 'People';
  throw invalid(`entityModel must be Company or People (got ${segment})`);
}
