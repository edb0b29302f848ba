'use client';

import { createContext, useContext } from 'react';
import type { WorkspaceDto } from '@/lib/api-types';

const WorkspaceContext = createContext<WorkspaceDto | null>(null);

export const WorkspaceProvider = WorkspaceContext.Provider;

/** The workspace the current page is in, with the user's role. */
export function useWorkspace(): WorkspaceDto {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error('useWorkspace() must be used inside the app shell');
  return ws;
}

export function canManage(ws: WorkspaceDto): boolean {
  return ws.role === 'admin' || ws.role === 'owner';
}
