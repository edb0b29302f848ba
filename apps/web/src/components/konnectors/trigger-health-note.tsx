'use client';

import type { TriggerHealthDto } from '@/lib/api-types';
import { triggerHealthText } from '@/lib/trigger-health';

/** The trigger's health in words when it is not ok (paused: red, retrying: amber); nothing when ok. */
export function TriggerHealthNote({ health, active }: { health: TriggerHealthDto; active: boolean }) {
  const text = active ? triggerHealthText(health) : null;
  if (!text) return null;
  const paused = health.state === 'paused';
  return (
    <p role="status" data-trigger-state={health.state} className={`mt-1 rounded px-2 py-1 text-sm ${paused ? 'bg-red-50 text-red-800' : 'bg-amber-50 text-amber-900'}`}>
      {text}
    </p>
  );
}
