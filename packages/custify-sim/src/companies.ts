import { z } from 'zod';
import { mustGet, mustUpdate, ok, param, type Ctx } from './context';
import type { RecordPatch } from './collections';
import { invalid, notFound } from './errors';
import { listBody, listRecords } from './list';
import type { Company } from './records-core';
import type { Router } from './router';
import { ensureTag } from './tags-shared';
import { externalKey, isoDate, objectId, parseInput } from './validate';

const CompanyWrite = z.object({
  id: objectId.optional(),
  company_id: externalKey.optional(),
  name: z.string().nullable().optional(),
  website: z.string().nullable().optional(),
  industry: z.string().nullable().optional(),
  size: z.number().nullable().optional(),
  plan: z.string().nullable().optional(),
  churned: z.boolean().optional(),
  signed_up_at: isoDate.nullable().optional(),
  monthly_revenue: z.number().nullable().optional(),
  owners_csm: z.string().nullable().optional(),
  owners_account: z.string().nullable().optional(),
  parent_companies: z.array(z.object({ id: objectId })).optional(),
  custom_attributes: z.record(z.string(), z.unknown()).optional(),
  tags: z.array(z.string().min(1)).optional(),
});
type CompanyWrite = z.infer<typeof CompanyWrite>;

function writeCompany(ctx: Ctx, existing: Company | undefined, input: CompanyWrite): Company {
  const { id: _id, custom_attributes, tags, parent_companies, ...rest } = input;
  if (input.company_id !== undefined) {
    const other = ctx.store.find('companies', (c) => c.company_id === input.company_id && c.id !== existing?.id);
    if (other) throw invalid(`company_id ${input.company_id} already belongs to another company (${other.id})`);
  }
  const patch: RecordPatch<'companies'> = { ...rest };
  if (custom_attributes) patch.custom_attributes = { ...existing?.custom_attributes, ...custom_attributes };
  if (tags) patch.tags = tags.map((name) => ensureTag(ctx, 'company', name).name);
  if (parent_companies) {
    parent_companies.forEach((parent, i) => {
      if (!ctx.store.get('companies', parent.id)) throw invalid(`parent_companies[${i}].id does not match any Company`);
      if (parent.id === existing?.id) throw invalid(`parent_companies[${i}].id cannot be the company itself`);
    });
    patch.parent_companies = parent_companies;
  }
  return existing ? mustUpdate(ctx, 'companies', existing.id, patch) : ctx.store.insert('companies', patch);
}

function upsertCompany(ctx: Ctx) {
  const input = parseInput(CompanyWrite, ctx.body);
  if (input.id !== undefined) return ok(writeCompany(ctx, mustGet(ctx, 'companies', input.id), input));
  if (input.company_id === undefined) throw invalid('company_id or id is required');
  const existing = ctx.store.find('companies', (c) => c.company_id === input.company_id);
  return ok(writeCompany(ctx, existing, input));
}

/** Delete a company and every reference to it (people's companies[], parent_companies). */
function removeCompany(ctx: Ctx, id: string): void {
  ctx.store.remove('companies', id);
  for (const person of ctx.store.list('people')) {
    if (person.companies.includes(id)) {
      ctx.store.update('people', person.id, { companies: person.companies.filter((c) => c !== id) });
    }
  }
  for (const company of ctx.store.list('companies')) {
    if (company.parent_companies.some((p) => p.id === id)) {
      ctx.store.update('companies', company.id, {
        parent_companies: company.parent_companies.filter((p) => p.id !== id),
      });
    }
  }
}

function companiesByKey(ctx: Ctx): Company[] | null {
  const companyId = ctx.query.get('company_id');
  if (!companyId) return null;
  return ctx.store.list('companies').filter((c) => c.company_id === companyId);
}

export function companyRoutes(router: Router): void {
  router
    .get('/company', (ctx) => {
      const companies = companiesByKey(ctx);
      if (companies) return ok({ companies, total: companies.length });
      throw invalid('company_id is required; list companies with GET /company/all');
    })
    // The company list (CustifyOfficial/custify-mcp listCompanies, testmonitor/custify-client companies).
    .get('/company/all', (ctx) => ok(listBody(listRecords(ctx, 'companies'), 'companies')))
    .get('/company/:id', (ctx) => ok({ companies: [mustGet(ctx, 'companies', param(ctx, 'id'))], total: 1 }))
    .post('/company', upsertCompany)
    .delete('/company/:id', (ctx) => {
      const company = ctx.store.get('companies', param(ctx, 'id'));
      if (!company) throw notFound();
      removeCompany(ctx, company.id);
      return ok({ deleted: 1 });
    })
    .delete('/company', (ctx) => {
      const companies = companiesByKey(ctx);
      if (!companies) throw invalid('company_id is required');
      for (const c of companies) removeCompany(ctx, c.id);
      return ok({ deleted: companies.length });
    });
}
