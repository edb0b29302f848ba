/** Drafts for the model tests. */
import type { Step } from '@konnect/schemas';
import type { KonnectorDraft } from '@/lib/konnector-bodies';

export const action = (id: string, input: Record<string, string> = {}): Step => ({ type: 'action', id, connector: 'formatter', action: 'text', input, onError: 'stop' });

/**
 * trigger → send → route(path: big[inBig] / small[] / otherwise[fallback]) → loop(repeater: [each, check]) → done
 */
export function sampleDraft(): KonnectorDraft {
  return {
    trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
    steps: [
      action('send', { value: '{{trigger.name}}' }),
      {
        type: 'path',
        id: 'route',
        branches: [
          { id: 'big', name: 'Big', conditions: { all: [{ left: '{{trigger.total}}', op: 'gt', right: '100' }] }, steps: [action('inBig', { value: '{{steps.send.result}}' })] },
          { id: 'small', name: 'Small', conditions: { all: [] }, steps: [] },
        ],
        otherwise: [action('fallback')],
      },
      {
        type: 'repeater',
        id: 'loop',
        items: '{{trigger.lines}}',
        maxIterations: 100,
        steps: [action('each', { value: '{{loop.item.sku}}' }), { type: 'filter', id: 'check', conditions: { all: [{ left: '{{steps.each.result}}', op: 'is_not_empty' }] } }],
      },
      action('done', { value: '{{steps.send.result}} {{steps.each.result}}' }),
    ],
  };
}
