/**
 * The editable draft of a konnector: the same tree as KonnectorDefinition, but the builder may
 * save it half-done. A blank trigger (no app or event yet), an action with no app or action chosen
 * and an empty connection choice are accepted here and reported as problems by validateDefinition
 * instead. Everything structural stays as strict as the published definition: step types, ids,
 * nesting, lengths and limits. The inferred types equal the definition's, so UI code written for
 * `Step` handles draft steps too.
 */
import { z } from 'zod';
import { ActionStep, CallStep, CodeStep, DelayStep, FailStep, FilterStep, PathBranch, PathStep, RepeaterStep, RespondStep, ReturnStep, Trigger } from './definition';
import { asArray, asRecord } from './loose';

/** Longest connector key and trigger/action key a draft may hold (the registry's keys are far shorter). */
const MAX_KEY_LENGTH = 100;

/** '' means "not chosen yet"; it is stored as an absent connection. */
const DraftConnectionId = z.string().max(64).optional().meta({ label: 'Connection' });

export const DraftTrigger = Trigger.extend({
  connector: z.string().max(MAX_KEY_LENGTH).meta({ label: 'App' }),
  event: z.string().max(MAX_KEY_LENGTH).meta({ label: 'Trigger event' }),
  connectionId: DraftConnectionId,
});
export type DraftTrigger = z.infer<typeof DraftTrigger>;

export const DraftActionStep = ActionStep.extend({
  connector: z.string().max(MAX_KEY_LENGTH).meta({ label: 'App' }),
  action: z.string().max(MAX_KEY_LENGTH).meta({ label: 'Action' }),
  connectionId: DraftConnectionId,
  get errorSteps(): z.ZodOptional<z.ZodArray<typeof DraftStep>> {
    return z.array(DraftStep).optional();
  },
});

export const DraftPathBranch = PathBranch.extend({
  get steps(): z.ZodArray<typeof DraftStep> {
    return z.array(DraftStep);
  },
});

export const DraftPathStep = PathStep.extend({
  branches: z.array(DraftPathBranch),
  get otherwise(): z.ZodOptional<z.ZodArray<typeof DraftStep>> {
    return z.array(DraftStep).optional();
  },
});

export const DraftRepeaterStep = RepeaterStep.extend({
  get steps(): z.ZodArray<typeof DraftStep> {
    return z.array(DraftStep);
  },
});

export const DraftStep = z.discriminatedUnion('type', [FilterStep, DraftPathStep, CodeStep, DraftRepeaterStep, DraftActionStep,
  FailStep,
  RespondStep,
  DelayStep,
  CallStep,
  ReturnStep,
]);
export type DraftStep = z.infer<typeof DraftStep>;

/** Deletes `connectionId: ''` (and undefined) from the trigger and every action, in place. */
function dropEmptyConnections(definition: { trigger: Record<string, unknown>; steps: unknown[] }): void {
  const clean = (node: Record<string, unknown> | null) => {
    if (node && 'connectionId' in node && (node.connectionId === '' || node.connectionId === undefined)) delete node.connectionId;
  };
  clean(definition.trigger);
  const walk = (steps: unknown) => {
    for (const raw of asArray(steps)) {
      const step = asRecord(raw);
      if (!step) continue;
      if (step.type === 'action') clean(step);
      if (step.type === 'action') walk(step.errorSteps);
      if (step.type === 'path') {
        for (const b of asArray(step.branches)) walk(asRecord(b)?.steps);
        walk(step.otherwise);
      }
      if (step.type === 'repeater') walk(step.steps);
    }
  };
  walk(definition.steps);
}

export const DraftDefinition = z
  .object({
    trigger: DraftTrigger,
    steps: z.array(DraftStep),
  })
  .transform((draft) => {
    dropEmptyConnections(draft);
    return draft;
  });
export type DraftDefinition = z.infer<typeof DraftDefinition>;
