import { AlertSettingsInput } from '@konnect/schemas';
import { route } from '@/server/handler';
import { getAlertSettings, updateAlertSettings } from '@/server/alerts/settings';
import { keyring } from '@/server/services';

export const dynamic = 'force-dynamic';

export const GET = route({ access: 'member', summary: "The workspace's alert settings (webhook URLs and secret are never returned)", handle: ({ ws }) => getAlertSettings(ws, keyring()) });

export const PUT = route({
  access: 'admin',
  body: AlertSettingsInput,
  summary: "Change the workspace's alert settings; a generated webhook signing secret is returned once",
  handle: ({ ws, body }) => updateAlertSettings(ws, keyring(), body),
});
