'use client';

/** A connection's dynamic options list, page by page (`POST …/connections/{id}/options/{name}`), cached per connection, list and search. */
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ConnectionOptionsBody } from './api-bodies';
import { api } from './api-client';
import { wsPath } from './queries';

export interface OptionsPageDto {
  items: { value: string; label: string; hint?: string }[];
  nextCursor: string | null;
}

export const optionsKeys = {
  /** Every search of one list on one connection (what Refresh resets). */
  list: (ws: string, connectionId: string, name: string) => ['workspaces', ws, 'connections', connectionId, 'options', name] as const,
  search: (ws: string, connectionId: string, name: string, search: string) => [...optionsKeys.list(ws, connectionId, name), search] as const,
};

interface OptionsQuery {
  workspaceId: string;
  connectionId: string | undefined;
  name: string;
  /** Sent to the app (searchable lists only); '' for none. */
  search: string;
  enabled: boolean;
}

export function useOptionsList({ workspaceId, connectionId, name, search, enabled }: OptionsQuery) {
  const client = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: optionsKeys.search(workspaceId, connectionId ?? '', name, search),
    queryFn: ({ pageParam }) => {
      const body: ConnectionOptionsBody = { ...(search ? { search } : {}), ...(pageParam ? { cursor: pageParam } : {}) };
      const path = wsPath(workspaceId, `/connections/${encodeURIComponent(connectionId ?? '')}/options/${encodeURIComponent(name)}`);
      return api<OptionsPageDto>(path, { method: 'POST', body });
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: enabled && Boolean(connectionId),
    // Errors are shown in the field with a Retry button; the app's list changes slowly.
    retry: false,
    staleTime: 5 * 60_000,
  });
  /** Forget every loaded page and search of this list, then load the first page again. */
  const refresh = useCallback(
    () => client.resetQueries({ queryKey: optionsKeys.list(workspaceId, connectionId ?? '', name) }),
    [client, workspaceId, connectionId, name],
  );
  return { ...query, refresh };
}
