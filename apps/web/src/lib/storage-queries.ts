/** TanStack Query hooks of the Storage page (the workspace data store). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client';
import type { StoreEntryDto, StoreEntryPage } from './api-types';
import { wsPath } from './queries';

export const storageKeys = {
  all: (ws: string) => ['storage', ws] as const,
  page: (ws: string, q: string, cursor: string | null) => ['storage', ws, 'page', q, cursor] as const,
  entry: (ws: string, id: string) => ['storage', ws, 'entry', id] as const,
};

export function useStoragePage(ws: string, q: string, cursor: string | null) {
  const params = new URLSearchParams({ limit: '50' });
  if (q) params.set('q', q);
  if (cursor) params.set('cursor', cursor);
  return useQuery({
    queryKey: storageKeys.page(ws, q, cursor),
    queryFn: () => api<StoreEntryPage>(wsPath(ws, `/storage?${params.toString()}`)),
    placeholderData: keepPreviousData,
  });
}

export function useStorageEntry(ws: string, id: string | null) {
  return useQuery({ queryKey: storageKeys.entry(ws, id ?? ''), queryFn: () => api<StoreEntryDto>(wsPath(ws, `/storage/${encodeURIComponent(id ?? '')}`)), enabled: id !== null });
}

export interface SaveEntry {
  /** Absent: a new key. */
  id?: string;
  key: string;
  value: unknown;
  ttlSeconds?: number | null;
}

export function useSaveStorageEntry(ws: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, key, value, ttlSeconds }: SaveEntry) =>
      id
        ? api<StoreEntryDto>(wsPath(ws, `/storage/${encodeURIComponent(id)}`), { method: 'PUT', body: { value, ...(ttlSeconds !== undefined ? { ttlSeconds } : {}) } })
        : api<StoreEntryDto>(wsPath(ws, '/storage'), { method: 'POST', body: { key, value, ...(ttlSeconds ? { ttlSeconds } : {}) } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: storageKeys.all(ws) }),
  });
}

export function useDeleteStorageEntry(ws: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ deleted: true }>(wsPath(ws, `/storage/${encodeURIComponent(id)}`), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: storageKeys.all(ws) }),
  });
}
