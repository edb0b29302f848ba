'use client';

/** Client hooks of a Catch Hook trigger: its URL (made before activation) and "Listen for a test request". */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client';
import type { TriggerSample } from './konnector-bodies';
import { wsPath } from './queries';

export interface HookDto {
  url: string;
  enabled: boolean;
}

export interface HookListenDto {
  state: 'idle' | 'listening' | 'caught' | 'failed' | 'timed_out';
  until: string | null;
  caughtAt: string | null;
  error: string | null;
  url: string;
  sample: TriggerSample | null;
}

/** How often the builder asks whether the request arrived while it listens. */
export const LISTEN_POLL_MS = 1000;

const hookPath = (ws: string, konnectorId: string, rest = '') => wsPath(ws, `/konnectors/${encodeURIComponent(konnectorId)}/hook${rest}`);
const listenKey = (ws: string, konnectorId: string) => ['hook-listen', ws, konnectorId] as const;

/** POST /hook: the URL (the token is made if the konnector has none yet; the same URL every time). */
export function useHookUrl(ws: string, konnectorId: string | null) {
  return useQuery({
    queryKey: ['hook-url', ws, konnectorId ?? ''],
    queryFn: () => api<HookDto>(hookPath(ws, konnectorId ?? ''), { method: 'POST' }),
    enabled: konnectorId !== null,
    staleTime: 60_000,
  });
}

/** The listening window, asked again every second while it is open. */
export function useHookListen(ws: string, konnectorId: string | null) {
  return useQuery({
    queryKey: listenKey(ws, konnectorId ?? ''),
    queryFn: () => api<HookListenDto>(hookPath(ws, konnectorId ?? '', '/listen')),
    enabled: konnectorId !== null,
    refetchInterval: (q) => (q.state.data?.state === 'listening' ? LISTEN_POLL_MS : false),
  });
}

/** Start (seconds) or stop (null) listening; the answer replaces the window's state. */
export function useListenControl(ws: string, konnectorId: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (seconds: number | null) =>
      api<HookListenDto>(hookPath(ws, konnectorId ?? '', '/listen'), seconds === null ? { method: 'DELETE' } : { method: 'POST', body: { seconds } }),
    onSuccess: (status) => client.setQueryData(listenKey(ws, konnectorId ?? ''), status),
  });
}
