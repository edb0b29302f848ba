import { defineConnector } from '@konnect/sdk';
import { icon } from './icon';
import { request } from './request';

export { request } from './request';
export { requestInput, webApiInput, type RequestInput, type WebApiInput } from './input';
export { webApiAuth, webApiConnector, webApiRequest } from './web-api';
export { encodeBody } from './body';

export const httpConnector = defineConnector({
  key: 'http',
  name: 'HTTP',
  description: 'Call any web API: method, URL, query, headers, JSON / form / text body, bearer or basic auth.',
  category: 'tool',
  icon,
  auth: { kind: 'none' },
  triggers: [],
  actions: [request],
});

export default httpConnector;
