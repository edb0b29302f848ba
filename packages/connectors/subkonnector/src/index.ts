/**
 * Sub-konnectors (docs/subkonnectors.md): the "Called by another konnector" trigger. The steps
 * that call a konnector and return its result ("Run konnector", "Return") are step types of the
 * definition, executed by the engine; the platform creates and links the runs.
 */
import { CALLED_CONNECTOR } from '@konnect/schemas';
import { defineConnector } from '@konnect/sdk';
import { called } from './called';
import { icon } from './icon';

export { called } from './called';

export const subkonnectorConnector = defineConnector({
  key: CALLED_CONNECTOR,
  name: 'Sub-konnector',
  description: 'Build konnectors other konnectors run: declared inputs in, a Return step\'s result out.',
  category: 'tool',
  icon,
  auth: { kind: 'none' },
  triggers: [called],
  actions: [],
});

export default subkonnectorConnector;
