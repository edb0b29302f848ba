import { ok, type Ctx } from './context';
import { invalid } from './errors';
import { listBody, listRecords } from './list';
import type { Router } from './router';

/** `?type=companies|people` narrows segments, lifecycles and playbooks; absent = all. */
function typeFilter(ctx: Ctx): ((r: { type: string }) => boolean) | undefined {
  const type = ctx.query.get('type');
  if (type === null || type === '') return undefined;
  if (type !== 'companies' && type !== 'people') throw invalid('type must be companies or people');
  return (r) => r.type === type;
}

/** Meetings, health scores, segments, lifecycles, playbooks, objectives, surveys: list endpoints only. */
export function listOnlyRoutes(router: Router): void {
  router
    .get('/calendar/meeting', (ctx) => ok(listBody(listRecords(ctx, 'meetings'), 'meetings')))
    .get('/health_score/simple', (ctx) => ok(listRecords(ctx, 'health_scores').items))
    .get('/segment', (ctx) => ok(listBody(listRecords(ctx, 'segments', { where: typeFilter(ctx) }), 'segments')))
    .get('/lifecycle', (ctx) => ok(listBody(listRecords(ctx, 'lifecycles', { where: typeFilter(ctx) }), 'lifecycles')))
    .get('/playbook', (ctx) => ok(listBody(listRecords(ctx, 'playbooks', { where: typeFilter(ctx) }), 'playbooks')))
    .get('/objective', (ctx) =>
      ok(listBody(listRecords(ctx, 'objectives', { sortStyle: 'sort-order' }), 'objectives')),
    )
    .get('/survey', (ctx) => ok(listBody(listRecords(ctx, 'surveys'), 'surveys')));
}
