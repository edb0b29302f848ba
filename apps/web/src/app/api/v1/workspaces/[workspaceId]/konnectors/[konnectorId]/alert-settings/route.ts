import { z } from 'zod';
import { AlertOverrideInput } from '@konnect/schemas';
import { idParam, route } from '@/server/handler';
import { getKonnectorAlerts, removeKonnectorAlerts, updateKonnectorAlerts } from '@/server/alerts/settings';
import { keyring } from '@/server/services';

export const dynamic = 'force-dynamic';

const params = z.object({ konnectorId: idParam('konnectorId') });

export const GET = route({ access: 'member', params, summary: "The konnector's alert settings: its override, the effective settings and its alert state", handle: ({ ws, params }) => getKonnectorAlerts(ws, keyring(), params.konnectorId) });

export const PUT = route({
  access: 'admin',
  params,
  body: AlertOverrideInput,
  summary: "Override the workspace's alert settings for this konnector",
  handle: ({ ws, params, body }) => updateKonnectorAlerts(ws, keyring(), params.konnectorId, body),
});

export const DELETE = route({ access: 'admin', params, summary: 'Remove the override: the konnector follows the workspace again', handle: ({ ws, params }) => removeKonnectorAlerts(ws, params.konnectorId) });
