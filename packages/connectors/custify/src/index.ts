import { defineConnector } from '@konnect/sdk';
import { actions } from './actions';
import { custifyAuth } from './auth';
import { CUSTIFY_ICON } from './icon';
import { custifyOptions } from './options';
import { triggers } from './triggers';

export const custify = defineConnector({
  key: 'custify',
  name: 'Custify',
  description:
    'Customer success platform: people, companies, notes, tasks, tickets, files, scores, financials and more.',
  category: 'app',
  icon: CUSTIFY_ICON,
  auth: custifyAuth,
  triggers,
  actions,
  options: custifyOptions,
});

export { custifyAuth, DEFAULT_BASE_URL } from './auth';
export type { CustifyAuthValue } from './auth';
export { ENDPOINTS, LIST_SOURCES } from './endpoints';
export type { Endpoint } from './endpoints';
export { CUSTIFY_TEMPLATES, templateConnectors, templateDefinition } from './templates';
export type { ConnectorTemplate, TemplateConditions } from './templates';
