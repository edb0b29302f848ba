'use client';

import { useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import type { SessionDto } from './api-types';

export const sessionKeys = {
  mine: ['account', 'sessions'] as const,
};

export const SESSIONS_PATH = '/api/v1/account/sessions';

/** The signed-in person's live sessions (this browser's marked `current`). */
export function useMySessions() {
  return useQuery({ queryKey: sessionKeys.mine, queryFn: () => api<SessionDto[]>(SESSIONS_PATH) });
}
