'use client';

/** Client hooks of the builder's side panels: trigger samples ("Refresh Fields"), "Run code" (the Catch Hook's are in hook-queries.ts). */
import { useMutation } from '@tanstack/react-query';
import { api } from './api-client';
import type { CodeRunDto } from './api-types';
import type { CodeRunBody, TriggerSample, TriggerSampleBody } from './konnector-bodies';
import { wsPath } from './queries';

/** POST /trigger-samples: recent records fetched live from the app (nothing stored). */
export function useTriggerSample(ws: string) {
  return useMutation({
    mutationFn: (body: TriggerSampleBody) => api<TriggerSample>(wsPath(ws, '/trigger-samples'), { method: 'POST', body }),
  });
}

/** A user-code error is a result (`ok: false` with message, line, column), not an HTTP error. */
export type CodeRunResult = CodeRunDto;

/** POST /code-runs: runs a code step's source once in the sandbox. */
export function useCodeRun(ws: string) {
  return useMutation({
    mutationFn: (body: CodeRunBody) => api<CodeRunResult>(wsPath(ws, '/code-runs'), { method: 'POST', body }),
  });
}
