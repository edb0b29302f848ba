import { ValidateDraftBody } from '@/lib/konnector-bodies';
import { route } from '@/server/handler';
import { validateDraft } from '@/server/konnectors/problems';

export const dynamic = 'force-dynamic';

/** For unsaved edits: `{ problems }` (empty: ready to activate). Nothing is stored. */
export const POST = route({
  access: 'member',
  scope: 'read',
  body: ValidateDraftBody,
  summary: 'List the problems of a draft (unsaved edits; nothing is stored)',
  handle: ({ ws, body }) => validateDraft(ws, body.draft),
});
