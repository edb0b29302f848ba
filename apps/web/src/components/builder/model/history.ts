/**
 * The builder's state as a reducer (for `useReducer`): the draft, bounded undo/redo history, the
 * selected node and whether the draft differs from the last saved one. Quick successive edits of
 * the same step (typing in a panel) are merged into one undo entry.
 */
import { canonicalJson, type OnError, type Step, type StepType } from '@konnect/schemas';
import type { KonnectorDraft } from '@/lib/konnector-bodies';
import {
  addBranch,
  addOtherwise,
  deleteStep,
  duplicateStep,
  insertStep,
  moveStep,
  removeBranch,
  removeOtherwise,
  renameBranch,
  updateStep,
  updateTrigger,
  withOnError,
} from './edits';
import { findStep, type Position } from './tree';

export const HISTORY_LIMIT = 100;
/** Edits of the same thing closer together than this become one undo step. */
export const MERGE_WINDOW_MS = 1000;

export interface BuilderState {
  draft: KonnectorDraft;
  past: KonnectorDraft[];
  future: KonnectorDraft[];
  /** Canonical JSON of the last saved draft. */
  savedKey: string;
  dirty: boolean;
  /** 'trigger', a step id, or null (no panel open). */
  selected: string | null;
  /** The last edit that may be merged with the next one. */
  lastEdit: { key: string; at: number } | null;
}

export type BuilderAction =
  | { type: 'insert'; at: Position; stepType: StepType }
  | { type: 'delete'; stepId: string }
  | { type: 'duplicate'; stepId: string }
  | { type: 'move'; stepId: string; by: -1 | 1 }
  | { type: 'updateStep'; step: Step; at?: number }
  | { type: 'updateTrigger'; trigger: KonnectorDraft['trigger']; at?: number }
  | { type: 'addBranch'; stepId: string }
  | { type: 'renameBranch'; stepId: string; branchId: string; name: string; at?: number }
  | { type: 'removeBranch'; stepId: string; branchId: string }
  | { type: 'addOtherwise'; stepId: string }
  | { type: 'removeOtherwise'; stepId: string }
  /** An action's On error (adds or removes its error branch). */
  | { type: 'setOnError'; stepId: string; onError: OnError }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'select'; id: string | null }
  /** The draft was saved as it is now (or as `draft`, what the server stored). */
  | { type: 'saved'; draft: KonnectorDraft }
  /** Replaces the draft (loaded, restored): history starts over and it counts as saved. */
  | { type: 'load'; draft: KonnectorDraft };

export function initialState(draft: KonnectorDraft, saved: KonnectorDraft = draft): BuilderState {
  const savedKey = canonicalJson(saved);
  return { draft, past: [], future: [], savedKey, dirty: canonicalJson(draft) !== savedKey, selected: null, lastEdit: null };
}

/** A new present: pushed onto the history unless it merges with the previous edit. */
function commit(state: BuilderState, draft: KonnectorDraft, extra: Partial<BuilderState> = {}, merge?: { key: string; at: number }): BuilderState {
  if (draft === state.draft) return Object.keys(extra).length ? { ...state, ...extra } : state;
  const merging = merge && state.lastEdit && state.lastEdit.key === merge.key && merge.at - state.lastEdit.at < MERGE_WINDOW_MS && merge.at >= state.lastEdit.at;
  const past = merging ? state.past : [...state.past, state.draft].slice(-HISTORY_LIMIT);
  return { ...state, ...extra, draft, past, future: [], dirty: canonicalJson(draft) !== state.savedKey, lastEdit: merge ?? null };
}

/** Keeps the selection only while what it points at still exists. */
function keepSelection(draft: KonnectorDraft, selected: string | null): string | null {
  if (selected === null || selected === 'trigger') return selected;
  return findStep(draft.steps, selected) ? selected : null;
}

export function builderReducer(state: BuilderState, action: BuilderAction): BuilderState {
  const { draft } = state;
  switch (action.type) {
    case 'insert': {
      const result = insertStep(draft, action.at, action.stepType);
      return commit(state, result.draft, result.id ? { selected: result.id } : {});
    }
    case 'delete': {
      const next = deleteStep(draft, action.stepId);
      return commit(state, next, { selected: keepSelection(next, state.selected) });
    }
    case 'duplicate': {
      const result = duplicateStep(draft, action.stepId);
      return commit(state, result.draft, result.id ? { selected: result.id } : {});
    }
    case 'move':
      return commit(state, moveStep(draft, action.stepId, action.by));
    case 'updateStep':
      return commit(state, updateStep(draft, action.step), {}, action.at === undefined ? undefined : { key: `step:${action.step.id}`, at: action.at });
    case 'updateTrigger':
      return commit(state, updateTrigger(draft, action.trigger), {}, action.at === undefined ? undefined : { key: 'trigger', at: action.at });
    case 'addBranch':
      return commit(state, addBranch(draft, action.stepId));
    case 'renameBranch':
      return commit(state, renameBranch(draft, action.stepId, action.branchId, action.name), {}, action.at === undefined ? undefined : { key: `branch:${action.branchId}`, at: action.at });
    case 'removeBranch': {
      const next = removeBranch(draft, action.stepId, action.branchId);
      return commit(state, next, { selected: keepSelection(next, state.selected) });
    }
    case 'addOtherwise':
      return commit(state, addOtherwise(draft, action.stepId));
    case 'removeOtherwise':
      return commit(state, removeOtherwise(draft, action.stepId));
    case 'setOnError': {
      const step = findStep(draft.steps, action.stepId);
      if (step?.type !== 'action') return state;
      const next = updateStep(draft, withOnError(step, action.onError));
      return commit(state, next, { selected: keepSelection(next, state.selected) });
    }
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (!previous) return state;
      return {
        ...state,
        draft: previous,
        past: state.past.slice(0, -1),
        future: [draft, ...state.future].slice(0, HISTORY_LIMIT),
        dirty: canonicalJson(previous) !== state.savedKey,
        selected: keepSelection(previous, state.selected),
        lastEdit: null,
      };
    }
    case 'redo': {
      const next = state.future[0];
      if (!next) return state;
      return {
        ...state,
        draft: next,
        past: [...state.past, draft].slice(-HISTORY_LIMIT),
        future: state.future.slice(1),
        dirty: canonicalJson(next) !== state.savedKey,
        selected: keepSelection(next, state.selected),
        lastEdit: null,
      };
    }
    case 'select':
      return state.selected === action.id ? state : { ...state, selected: action.id };
    case 'saved': {
      const savedKey = canonicalJson(action.draft);
      return { ...state, savedKey, dirty: canonicalJson(draft) !== savedKey, lastEdit: null };
    }
    case 'load':
      return { ...initialState(action.draft), selected: keepSelection(action.draft, state.selected) };
  }
}

export const canUndo = (state: BuilderState) => state.past.length > 0;
export const canRedo = (state: BuilderState) => state.future.length > 0;
