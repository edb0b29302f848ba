'use client';

/**
 * What the data picker offers inside one panel: the fields a step can map (trigger sample,
 * earlier steps' test outputs, loop fields), grouped, and the label each `{{ref}}` chip shows.
 * A panel computes it once and every chip input below reads it.
 */
import { availableFields, type AvailableField } from '@konnect/engine/fields';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useCatalogue } from '@/lib/queries';
import { groupFields, refLabel, stepLabels, withItemLabels, withSampleLabels, type FieldGroup } from './picker-fields';
import { sampleFor, stepOutputs, triggerRecord } from './sample-record';
import { useCallableKonnectors } from '@/lib/callable-queries';
import { calledTriggerRecord, callOutputSamples, hasCallStep } from './subkonnector-fields';
import type { PanelContext } from './types';

export interface PanelFields {
  fields: AvailableField[];
  groups: FieldGroup[];
  labelFor: (ref: string) => string;
  typeOf: (ref: string) => AvailableField['type'] | null;
  /** Step id → display name. */
  stepNames: Record<string, string>;
  /** Shown by the picker when there is nothing to pick. */
  emptyHint: string;
  readOnly: boolean;
}

const EMPTY: PanelFields = {
  fields: [],
  groups: [],
  labelFor: (ref) => ref,
  typeOf: () => null,
  stepNames: {},
  emptyHint: 'No fields yet.',
  readOnly: false,
};

const FieldsContext = createContext<PanelFields>(EMPTY);

export function usePanelFields(ctx: PanelContext, stepId: string): PanelFields {
  const { data: catalogue } = useCatalogue();
  const sample = sampleFor(ctx.sample, ctx.draft.trigger);
  // Sub-konnectors: a called konnector's declared inputs, and called konnectors' Return fields, before any test.
  const { data: callables } = useCallableKonnectors(ctx.workspaceId, hasCallStep(ctx.draft.steps));
  const record = triggerRecord(sample, ctx.testRun) ?? calledTriggerRecord(ctx.draft) ?? undefined;
  const outputs = useMemo(() => ({ ...callOutputSamples(ctx.draft, callables), ...stepOutputs(ctx.testRun, ctx.codeOutputs) }), [ctx.draft, callables, ctx.testRun, ctx.codeOutputs]);
  const fields = useMemo(() => withItemLabels(withSampleLabels(availableFields(ctx.draft, stepId, { trigger: record, steps: outputs }), sample)), [ctx.draft, stepId, record, outputs, sample]);
  const stepNames = useMemo(() => stepLabels(ctx.draft, catalogue ?? []), [ctx.draft, catalogue]);
  const groups = useMemo(() => groupFields(fields, stepNames), [fields, stepNames]);
  const known = useMemo(() => new Map(fields.map((f) => [f.ref, f])), [fields]);
  const labelFor = useCallback((ref: string) => refLabel(ref, known, stepNames), [known, stepNames]);
  const typeOf = useCallback((ref: string) => known.get(ref)?.type ?? null, [known]);
  const emptyHint = record ? 'No fields before this step.' : 'No trigger fields yet: open the trigger and click Refresh Fields (or run a test).';
  return { fields, groups, labelFor, typeOf, stepNames, emptyHint, readOnly: ctx.readOnly };
}

export function FieldsProvider({ value, children }: { value: PanelFields; children: ReactNode }) {
  return <FieldsContext.Provider value={value}>{children}</FieldsContext.Provider>;
}

export function useFields(): PanelFields {
  return useContext(FieldsContext);
}
