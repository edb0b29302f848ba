'use client';

/** TanStack Query hooks for konnectors and the event log. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import type { BacklogDto, KonnectorDto, KonnectorSummaryDto, RunDetailDto, RunPage, TemplateDto, TriggerEventDto, VersionDto } from './api-types';
import { wsPath } from './queries';

export interface KonnectorFilters {
  q?: string;
  status?: 'active' | 'inactive';
  app?: string;
  tag?: string;
}

export interface RunFilters {
  status?: string;
  from?: string;
  to?: string;
}

export const konnectorKeys = {
  all: (ws: string) => ['workspaces', ws, 'konnectors'] as const,
  list: (ws: string, filters: KonnectorFilters) => ['workspaces', ws, 'konnectors', 'list', filters] as const,
  one: (ws: string, id: string) => ['workspaces', ws, 'konnectors', 'one', id] as const,
  versions: (ws: string, id: string) => ['workspaces', ws, 'konnectors', 'versions', id] as const,
  templates: ['templates'] as const,
  runs: (ws: string) => ['workspaces', ws, 'runs'] as const,
  runList: (ws: string, konnectorId: string | undefined, filters: RunFilters) => ['workspaces', ws, 'runs', 'list', konnectorId ?? '', filters] as const,
  run: (ws: string, runId: string) => ['workspaces', ws, 'runs', 'one', runId] as const,
  /** Under `runs`: whatever refreshes the runs refreshes the backlog too. */
  backlog: (ws: string, konnectorId: string) => ['workspaces', ws, 'runs', 'backlog', konnectorId] as const,
  triggerEvents: (ws: string, id: string) => ['workspaces', ws, 'konnectors', 'trigger-events', id] as const,
};

/** `?a=1&b=2` from the defined, non-empty values. */
export function queryString(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function useKonnectors(ws: string, filters: KonnectorFilters) {
  return useQuery({
    queryKey: konnectorKeys.list(ws, filters),
    queryFn: () => api<KonnectorSummaryDto[]>(wsPath(ws, `/konnectors${queryString({ ...filters })}`)),
    placeholderData: (previous) => previous,
  });
}

export function useKonnector(ws: string, id: string) {
  return useQuery({ queryKey: konnectorKeys.one(ws, id), queryFn: () => api<KonnectorDto>(wsPath(ws, `/konnectors/${encodeURIComponent(id)}`)) });
}

export function useVersions(ws: string, id: string) {
  return useQuery({ queryKey: konnectorKeys.versions(ws, id), queryFn: () => api<VersionDto[]>(wsPath(ws, `/konnectors/${encodeURIComponent(id)}/versions`)) });
}

export function useTemplates() {
  return useQuery({ queryKey: konnectorKeys.templates, queryFn: () => api<TemplateDto[]>('/api/v1/templates'), staleTime: Infinity });
}

const PAGE_SIZE = 25;

/** Keyset pages of runs, newest first; `fetchNextPage` is "Load more". Refreshes every 5 s while the first page is shown. */
export function useRuns(ws: string, filters: RunFilters, konnectorId?: string) {
  const base = konnectorId ? `/konnectors/${encodeURIComponent(konnectorId)}/runs` : '/runs';
  return useInfiniteQuery({
    queryKey: konnectorKeys.runList(ws, konnectorId, filters),
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<RunPage>(wsPath(ws, `${base}${queryString({ ...filters, limit: String(PAGE_SIZE), cursor: pageParam || undefined })}`)),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => ((query.state.data?.pages.length ?? 0) <= 1 ? 5000 : false),
  });
}

/** One run; polled every 2 s while it is queued or running, every 5 s while it waits (a Delay). */
export function useRun(ws: string, runId: string) {
  return useQuery({
    queryKey: konnectorKeys.run(ws, runId),
    queryFn: () => api<RunDetailDto>(wsPath(ws, `/runs/${encodeURIComponent(runId)}`)),
    refetchInterval: (query) => (query.state.data?.live ? 2000 : query.state.data?.status === 'waiting' ? 5000 : false),
  });
}

/** The konnector's backlog (runs waiting to start, expected delay); refreshed with the runs list, every 5 s. */
export function useBacklog(ws: string, konnectorId: string) {
  return useQuery({
    queryKey: konnectorKeys.backlog(ws, konnectorId),
    queryFn: () => api<BacklogDto>(wsPath(ws, `/konnectors/${encodeURIComponent(konnectorId)}/backlog`)),
    refetchInterval: 5000,
  });
}

/** The trigger's changes of health, newest first; refreshed with the event log. */
export function useTriggerEvents(ws: string, konnectorId: string) {
  return useQuery({
    queryKey: konnectorKeys.triggerEvents(ws, konnectorId),
    queryFn: () => api<TriggerEventDto[]>(wsPath(ws, `/konnectors/${encodeURIComponent(konnectorId)}/trigger-events?limit=20`)),
    refetchInterval: 10_000,
  });
}
