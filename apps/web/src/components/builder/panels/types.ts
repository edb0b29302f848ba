/**
 * The contract between the builder (canvas, toolbar, state) and its side panels. The builder owns
 * the draft and passes each panel the part it edits plus read-only context; a panel reports edits
 * through `onChange` with the whole new value (immutable update) and never saves by itself.
 */
import type { Step } from '@konnect/schemas';
import type { TestRunDto, TriggerScanDto } from '@/lib/api-types';
import type { KonnectorDraft, TriggerSample } from '@/lib/konnector-bodies';

export type DraftTrigger = KonnectorDraft['trigger'];

export interface PanelContext {
  workspaceId: string;
  /** Null while the konnector has never been saved (the "new" page). */
  konnectorId: string | null;
  /** The whole current draft, unsaved edits included (scope for the data picker). */
  draft: KonnectorDraft;
  /** The trigger's sample (records + fields), or null until "Refresh Fields" fetched one. */
  sample: TriggerSample | null;
  /** The last test run of this draft, if any: each step's input and output. */
  testRun: TestRunDto | null;
  /** Outputs of "Run code" in code steps since the builder opened (step id → output): later steps can map them at once. */
  codeOutputs?: Readonly<Record<string, object>>;
  /** A code step's "Run code" succeeded: its output becomes that step's sample for the data picker. */
  onCodeOutput?: (stepId: string, output: object) => void;
  /** Problems of the current draft that belong to this panel's step ('trigger' for the trigger). */
  problems: { path: string; message: string }[];
  readOnly: boolean;
  /** The active konnector's scan of a list that cannot sort (how stale the trigger can be), if any. */
  triggerScan?: TriggerScanDto | null;
}

export interface TriggerPanelProps {
  ctx: PanelContext;
  trigger: DraftTrigger;
  onChange: (next: DraftTrigger) => void;
  /** A new sample was fetched ("Refresh Fields"); the builder keeps it and saves it with the konnector. */
  onSample: (sample: TriggerSample) => void;
  /** "Continue": the user is done with this panel. */
  onDone: () => void;
}

export interface StepPanelProps<S extends Step = Step> {
  ctx: PanelContext;
  step: S;
  onChange: (next: S) => void;
  onDone: () => void;
}
