/**
 * What a builder Test run is about to do, said before it starts (friction 11): which actions will
 * write to the real apps (every action not marked read-only in the catalogue), on the route the
 * chosen sample record takes through the Path steps (the engine's own condition evaluation,
 * `@konnect/engine/preview`). Pure.
 */
import { previewRoute, type PathPreview } from '@konnect/engine/preview';
import type { CatalogueEntry } from '@/lib/api-types';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import { forEachStep } from './model/tree';
import { stepLabel } from './panels/picker-fields';

export interface PlannedWrite {
  stepId: string;
  /** As the canvas names it ("Create Note", or its own name). */
  title: string;
  app: string;
  /** False: on a branch this record does not take (it will not run). */
  reachable: boolean;
}

export interface TestPlan {
  writes: PlannedWrite[];
  paths: (PathPreview & { title: string })[];
}

export function testPlan(draft: KonnectorDraft, catalogue: readonly CatalogueEntry[], record: unknown, outputs: Readonly<Record<string, unknown>> = {}): TestPlan {
  const route = previewRoute(draft.steps, { trigger: record ?? {}, steps: { ...outputs } });
  const writes: PlannedWrite[] = [];
  const titles = new Map<string, string>();
  forEachStep(draft.steps, (step) => {
    titles.set(step.id, stepLabel(step, catalogue));
    if (step.type !== 'action' || !step.connector || !step.action) return;
    const app = catalogue.find((c) => c.key === step.connector);
    const action = app?.actions.find((a) => a.key === step.action);
    if (!app || !action || action.readOnly) return;
    writes.push({ stepId: step.id, title: step.name?.trim() || action.name, app: app.name, reachable: route.reachable.has(step.id) });
  });
  return { writes, paths: route.paths.map((p) => ({ ...p, title: titles.get(p.stepId) ?? p.stepId })) };
}

/** Ask before testing when something will be written, a branch is chosen, or there is a record to choose. */
export function needsConfirm(plan: TestPlan, records: number): boolean {
  return plan.writes.some((w) => w.reachable) || plan.paths.length > 0 || records > 1;
}
