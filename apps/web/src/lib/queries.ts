'use client';

import { useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import type { CatalogueEntry, ConnectionDto, InvitationDto, MemberDto, TokenDto } from './api-types';

export const keys = {
  catalogue: ['catalogue'] as const,
  connections: (ws: string) => ['workspaces', ws, 'connections'] as const,
  members: (ws: string) => ['workspaces', ws, 'members'] as const,
  tokens: (ws: string) => ['workspaces', ws, 'tokens'] as const,
};

export const wsPath = (ws: string, rest = '') => `/api/v1/workspaces/${encodeURIComponent(ws)}${rest}`;

export function useCatalogue() {
  return useQuery({ queryKey: keys.catalogue, queryFn: () => api<CatalogueEntry[]>('/api/v1/catalogue'), staleTime: Infinity });
}

export function useConnections(ws: string) {
  return useQuery({ queryKey: keys.connections(ws), queryFn: () => api<ConnectionDto[]>(wsPath(ws, '/connections')) });
}

export function useMembers(ws: string) {
  return useQuery({ queryKey: keys.members(ws), queryFn: () => api<{ members: MemberDto[]; invitations: InvitationDto[] }>(wsPath(ws, '/members')) });
}

export function useTokens(ws: string, enabled: boolean) {
  return useQuery({ queryKey: keys.tokens(ws), queryFn: () => api<TokenDto[]>(wsPath(ws, '/tokens')), enabled });
}
