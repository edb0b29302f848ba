'use client';

/** The konnectors a "Run konnector" step can choose (sub-konnectors), for its panel and the data picker. */
import { useQuery } from '@tanstack/react-query';
import type { CallableKonnectorDto } from '../server/konnectors/callable';
import { api } from './api-client';
import { wsPath } from './queries';

export type { CallableKonnectorDto };

export const callableKey = (ws: string) => ['workspaces', ws, 'konnectors', 'callable'] as const;

export function useCallableKonnectors(ws: string, enabled = true) {
  return useQuery({
    queryKey: callableKey(ws),
    queryFn: () => api<{ konnectors: CallableKonnectorDto[] }>(wsPath(ws, '/konnectors/callable')),
    select: (data) => data.konnectors,
    enabled,
    staleTime: 10_000,
  });
}
