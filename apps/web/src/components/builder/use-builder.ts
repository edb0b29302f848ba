'use client';

import type { Problem } from '@konnect/schemas';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useReducer, useState } from 'react';
import { useToast } from '@/components/toast';
import { api, ApiError, messageOf } from '@/lib/api-client';
import type { KonnectorDto, TestRunDto } from '@/lib/api-types';
import { putHandoff, takeHandoff } from '@/lib/builder-handoff';
import { useCreateKonnector, useDraftProblems, usePublish, useTestRun, useUpdateKonnector } from '@/lib/builder-queries';
import type { KonnectorDraft, TriggerSample } from '@/lib/konnector-bodies';
import { konnectorKeys } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';
import { draftOf } from './draft-of';
import { builderReducer, initialState, type BuilderState } from './model/history';
import { noActionProblems } from './no-action';

/** The name of a konnector saved as a draft before it was named. */
export const UNTITLED_KONNECTOR = 'Untitled konnector';

export interface BuilderInit {
  konnector: KonnectorDto | null;
  draft: KonnectorDraft;
  sample: TriggerSample | null;
}

interface Handoff {
  state: BuilderState;
  sample: TriggerSample | null;
  testRun: TestRunDto | null;
}

/**
 * The builder's state and what it does with the server: the draft with undo/redo, the trigger
 * sample, the last test run, live problems, and save / create / test / publish / restore / rename.
 */
export function useBuilder(workspaceId: string, init: BuilderInit) {
  const router = useRouter();
  const toast = useToast();
  const id = init.konnector?.id ?? null;
  const [handoff] = useState(() => takeHandoff<Handoff>(id));
  // A new konnector opens on "Configure your Trigger", as the guide's trigger selection screen does.
  const [state, dispatch] = useReducer(builderReducer, null, () => handoff?.state ?? { ...initialState(init.draft), selected: init.konnector ? null : 'trigger' });
  const [sample, setSample] = useState<TriggerSample | null>(handoff?.sample ?? init.sample);
  const [sampleDirty, setSampleDirty] = useState(false);
  const [testRun, setTestRun] = useState<TestRunDto | null>(handoff?.testRun ?? null);
  /** "Run code" outputs since the builder opened: the data picker lists them before any test run. */
  const [codeOutputs, setCodeOutputs] = useState<Readonly<Record<string, object>>>({});
  const onCodeOutput = useCallback((stepId: string, output: object) => setCodeOutputs((all) => ({ ...all, [stepId]: output })), []);
  /** Problems that refused an action (test, publish): shown until the next edit is validated. */
  const [refused, setRefused] = useState<Problem[] | null>(null);
  /** The user tried to test or publish: panels show every problem, touched fields or not. */
  const [attempted, setAttempted] = useState(false);

  const konnectorQuery = useQuery({
    queryKey: konnectorKeys.one(workspaceId, id ?? ''),
    queryFn: () => api<KonnectorDto>(wsPath(workspaceId, `/konnectors/${encodeURIComponent(id ?? '')}`)),
    enabled: id !== null,
    initialData: init.konnector ?? undefined,
  });
  const konnector = id ? (konnectorQuery.data ?? init.konnector) : null;

  const validation = useDraftProblems(workspaceId, state.draft);
  const serverProblems: Problem[] = validation.data?.problems ?? refused ?? init.konnector?.problems ?? [];
  // A trigger with no action is listed too (the Active switch refuses it): it would do nothing.
  const problems: Problem[] = [...serverProblems, ...noActionProblems(state.draft)];
  const dirty = state.dirty || sampleDirty;

  const create = useCreateKonnector(workspaceId);
  const update = useUpdateKonnector(workspaceId, id);
  const testMutation = useTestRun(workspaceId, id);
  const publishMutation = usePublish(workspaceId, id);

  const onSample = useCallback((next: TriggerSample) => {
    setSample(next);
    setSampleDirty(true);
  }, []);

  /** Saves the draft and sample of a konnector that exists; false when it failed (a toast says why). */
  const save = async (): Promise<boolean> => {
    if (!id) return false;
    const draft = state.draft;
    try {
      await update.mutateAsync({ draft, sample });
      dispatch({ type: 'saved', draft });
      setSampleDirty(false);
      toast.success('Saved');
      return true;
    } catch (err) {
      toast.error(`Could not save: ${messageOf(err)}`);
      return false;
    }
  };

  /** First save of a new konnector; then the page becomes the konnector's (state carried over). */
  const createKonnector = async (name: string, description: string): Promise<void> => {
    const draft = state.draft;
    const k = await create.mutateAsync({ name, ...(description ? { description } : {}), definition: draft, sample });
    putHandoff<Handoff>(k.id, { state: builderReducer(state, { type: 'saved', draft }), sample, testRun });
    dispatch({ type: 'saved', draft });
    setSampleDirty(false);
    toast.success(`"${k.name}" saved`);
    router.replace(`/app/${workspaceId}/konnectors/${k.id}`);
  };

  /**
   * Saves a never-saved konnector as an "Untitled konnector" draft (a Catch Hook's URL needs the
   * konnector): the page becomes the konnector's, and the first Save still asks for its name.
   */
  const saveAsDraft = async (): Promise<void> => {
    if (id) return;
    const draft = state.draft;
    const k = await create.mutateAsync({ name: UNTITLED_KONNECTOR, definition: draft, sample });
    putHandoff<Handoff>(k.id, { state: builderReducer(state, { type: 'saved', draft }), sample, testRun });
    dispatch({ type: 'saved', draft });
    setSampleDirty(false);
    toast.success('Saved as a draft: its webhook URL is ready');
    router.replace(`/app/${workspaceId}/konnectors/${k.id}`);
  };

  /** The save dialog on a konnector saved as an untitled draft: its name and description with the draft. */
  const nameKonnector = async (name: string, description: string): Promise<void> => {
    const draft = state.draft;
    const k = await update.mutateAsync({ name, ...(description ? { description } : {}), draft, sample });
    dispatch({ type: 'saved', draft });
    setSampleDirty(false);
    toast.success(`"${k.name}" saved`);
  };

  const rename = async (name: string): Promise<void> => {
    await update.mutateAsync({ name });
  };

  const refuse = (err: unknown, what: string): boolean => {
    setAttempted(true);
    if (err instanceof ApiError && err.code === 'invalid_definition' && err.problems.length) {
      setRefused(err.problems);
      toast.error(`${what}: fix the ${err.problems.length === 1 ? 'problem' : `${err.problems.length} problems`} first`);
      return true;
    }
    toast.error(`${what}: ${messageOf(err)}`);
    return false;
  };

  /** Test runs the current draft; the sample's record `recordIndex` (first by default) is the trigger event when it matches the trigger. */
  const test = (onRefused?: () => void, recordIndex = 0) => {
    setAttempted(true);
    const { trigger } = state.draft;
    const record = sample && sample.connector === trigger.connector && sample.event === trigger.event ? (sample.records[recordIndex] ?? sample.records[0]) : undefined;
    testMutation.mutate(
      { draft: state.draft, ...(record ? { sample: record } : {}) },
      {
        onSuccess: (result) => {
          setTestRun(result);
          setCodeOutputs({});
          if (result.status === 'succeeded') toast.success('Test run passed: every step worked');
          else if (result.status === 'failed' || result.status === 'partial') toast.error(`Test run ${result.status}: ${result.summary}`);
          else toast.success(`Test run ${result.status}: ${result.summary}`);
        },
        onError: (err) => {
          if (refuse(err, 'Could not test') && onRefused) onRefused();
        },
      },
    );
  };

  const publish = async (onRefused?: () => void) => {
    if (dirty && !(await save())) return;
    publishMutation.mutate(undefined, {
      onSuccess: (k) => toast.success(k.publishedVersion ? `Published: version ${k.publishedVersion.number} is live` : 'Published'),
      onError: (err) => {
        if (refuse(err, 'Could not publish') && onRefused) onRefused();
      },
    });
  };

  const restored = (k: KonnectorDto, number: number) => {
    dispatch({ type: 'load', draft: draftOf(k.draft).draft });
    setSampleDirty(false);
    toast.success(`Version ${number} is now the draft. ${k.status === 'active' ? 'Publish' : 'Turn the konnector on'} to make it live.`);
  };

  return {
    state,
    dispatch,
    konnector,
    sample,
    onSample,
    testRun,
    codeOutputs,
    onCodeOutput,
    problems,
    attempted,
    checking: validation.isFetching,
    /** No answer yet for this konnector's problems (a new one, before the first check). */
    unchecked: validation.data === undefined && !init.konnector && validation.isFetching,
    dirty,
    save,
    saving: update.isPending,
    createKonnector,
    creating: create.isPending || update.isPending,
    saveAsDraft,
    nameKonnector,
    /** Saved only as an untitled draft: Save asks for a name first. */
    unnamed: konnector !== null && konnector.name === UNTITLED_KONNECTOR && konnector.publishedVersion === null,
    rename,
    test,
    testing: testMutation.isPending,
    publish,
    publishing: publishMutation.isPending,
    restored,
  };
}
