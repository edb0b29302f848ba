import { TriggerSampleBody } from '@/lib/konnector-bodies';
import { route } from '@/server/handler';
import { fetchTriggerSample } from '@/server/builder/trigger-sample';

export const dynamic = 'force-dynamic';

/** The app's error (e.g. a rejected API key) → 400 with its message. */
export const POST = route({
  access: 'member',
  scope: 'read',
  body: TriggerSampleBody,
  summary: 'Fetch a trigger\'s recent records (up to 10, newest first) and their fields from its app (nothing is stored)',
  handle: ({ ws, body }) => fetchTriggerSample(ws, body),
});
