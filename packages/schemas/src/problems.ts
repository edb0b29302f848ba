import { z } from 'zod';

export const ProblemCode = z.enum([
  'schema',
  'unknown_connector',
  'unknown_event',
  'unknown_action',
  'missing_field',
  'missing_connection',
  'invalid_reference',
  'unknown_step',
  'reference_out_of_scope',
  'loop_outside_repeater',
  'path_too_deep',
  'too_many_branches',
  'no_branches',
  'items_not_reference',
  'duplicate_id',
  'empty_branch',
  'no_conditions',
  'invalid_operand',
  'invalid_regex',
  'missing_source',
  'too_many_steps',
  // Listed by the builder: a konnector whose steps hold no action (issue 17).
  'no_action',
  // Error branches and Fail run (issue 16, item 3).
  'empty_error_branch',
  'unused_error_branch',
  'error_outside_error_branch',
  'missing_message',
  // Respond to Hook placement (validate-respond.ts).
  'respond_not_webhook',
  'respond_without_hook',
  'respond_in_repeater',
  'respond_twice',
  // Sub-konnectors: a call without a konnector, a Return outside a called konnector or inside a repeater.
  'missing_konnector',
  'misplaced_return',
]);
export type ProblemCode = z.infer<typeof ProblemCode>;

/** One thing wrong with a definition, located at a step ('' = the definition) and a field path in it. */
export const Problem = z.object({
  stepId: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  code: ProblemCode,
  message: z.string(),
});
export type Problem = z.infer<typeof Problem>;

export type FieldPath = (string | number)[];

/** `['input', 'contacts', 0, 'email']` → `input.contacts[0].email`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
