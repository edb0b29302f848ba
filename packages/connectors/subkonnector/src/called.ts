import { CALLED_TRIGGER, CalledTriggerInput, exampleValue } from '@konnect/schemas';
import { defineTrigger, sampleResult } from '@konnect/sdk';

/**
 * "Called by another konnector": the konnector runs only when another konnector of the workspace
 * runs it with a "Run konnector" step (no polling, no URL). Its declared inputs are the caller's
 * mapped values, checked against their types; the run reads them as `trigger.<name>`. It must be
 * on to be called (a konnector that is off refuses calls, like a Sub-Zap).
 */
export const called = defineTrigger({
  kind: 'call',
  key: CALLED_TRIGGER,
  name: 'Called by another konnector',
  description: 'Runs when another konnector of this workspace runs it with a "Run konnector" step, with the inputs you declare here; a Return step sends its result back.',
  input: CalledTriggerInput,
  async sample({ input }) {
    // The declared inputs with an example value of each type, so later steps can map them before any call.
    return sampleResult([Object.fromEntries(input.inputs.map((p) => [p.name, exampleValue(p.type)]))]);
  },
});
