'use client';

/** The builder's server calls: validate (debounced), save, create, test, publish, restore, rename. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from './api-client';
import type { KonnectorDto, Problem, TestRunDto } from './api-types';
import type { KonnectorDraft, TriggerSample } from './konnector-bodies';
import { konnectorKeys } from './konnector-queries';
import { wsPath } from './queries';

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export const VALIDATE_DEBOUNCE_MS = 400;

/** Problems of an unsaved draft, checked by the server ~400 ms after the last edit (previous answer kept meanwhile). */
export function useDraftProblems(ws: string, draft: KonnectorDraft) {
  const json = useDebounced(draft, VALIDATE_DEBOUNCE_MS);
  return useQuery({
    queryKey: [...konnectorKeys.all(ws), 'validate', json] as const,
    queryFn: () => api<{ problems: Problem[] }>(wsPath(ws, '/konnectors/validate'), { method: 'POST', body: { draft: json } }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** The konnector as the server now has it: put into the cache so every view shows it at once. */
export function useStoreKonnector(ws: string) {
  const queryClient = useQueryClient();
  return (k: KonnectorDto) => {
    queryClient.setQueryData(konnectorKeys.one(ws, k.id), k);
    void queryClient.invalidateQueries({ queryKey: [...konnectorKeys.all(ws), 'list'] });
  };
}

export function useCreateKonnector(ws: string) {
  const store = useStoreKonnector(ws);
  return useMutation({
    mutationFn: (body: { name: string; description?: string; definition: KonnectorDraft; sample: TriggerSample | null }) =>
      api<KonnectorDto>(wsPath(ws, '/konnectors'), { method: 'POST', body }),
    onSuccess: store,
  });
}

export function useUpdateKonnector(ws: string, id: string | null) {
  const store = useStoreKonnector(ws);
  return useMutation({
    mutationFn: (body: { draft?: KonnectorDraft; sample?: TriggerSample | null; name?: string; description?: string }) => {
      if (!id) throw new Error('Save the konnector first');
      return api<KonnectorDto>(wsPath(ws, `/konnectors/${encodeURIComponent(id)}`), { method: 'PATCH', body });
    },
    onSuccess: store,
  });
}

/** Test runs the current draft (saved or not) on a sample record (else the stored sample, else a live one). */
export function useTestRun(ws: string, id: string | null) {
  return useMutation({
    mutationFn: (body: { draft: KonnectorDraft; sample?: Record<string, unknown> }) =>
      api<TestRunDto>(wsPath(ws, id ? `/konnectors/${encodeURIComponent(id)}/test` : '/konnectors/test'), { method: 'POST', body }),
  });
}

export function usePublish(ws: string, id: string | null) {
  const store = useStoreKonnector(ws);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<KonnectorDto>(wsPath(ws, `/konnectors/${encodeURIComponent(id ?? '')}/publish`), { method: 'POST', body: {} }),
    onSuccess: (k) => {
      store(k);
      void queryClient.invalidateQueries({ queryKey: konnectorKeys.versions(ws, k.id) });
    },
  });
}

export function useRestoreVersion(ws: string, id: string | null) {
  const store = useStoreKonnector(ws);
  return useMutation({
    mutationFn: (versionId: string) =>
      api<KonnectorDto>(wsPath(ws, `/konnectors/${encodeURIComponent(id ?? '')}/versions/${encodeURIComponent(versionId)}/restore`), { method: 'POST', body: {} }),
    onSuccess: store,
  });
}
