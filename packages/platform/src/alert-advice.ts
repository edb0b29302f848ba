/**
 * "What to do" for a failed step, by error kind, and "what the app answered" in one line: the
 * status and a short excerpt of the response the step recorded (already scrubbed of secrets when
 * it was stored).
 */
import type { StepError } from '@konnect/schemas';

export interface FailedStep {
  /** The step's name (or id) as the builder shows it. */
  name: string;
  type: string;
  /** The app the step calls ("Custify"), when it is an action. */
  appName?: string;
  /** The connection's name, when the step has one. */
  connectionName?: string;
}

const EXCERPT = 300;

/** "422 — {"errors":{"email":"is invalid"}}", or the error's status and message. */
export function whatTheAppAnswered(error: StepError): string {
  const response = error.exchange?.response;
  const status = response?.status ?? error.status;
  const body = response?.body;
  let excerpt = '';
  if (body !== undefined && body !== null && body !== '') excerpt = typeof body === 'string' ? body : JSON.stringify(body);
  excerpt = excerpt.replace(/\s+/g, ' ').trim();
  if (excerpt.length > EXCERPT) excerpt = `${excerpt.slice(0, EXCERPT)}…`;
  if (status === undefined && !excerpt) return error.message.slice(0, EXCERPT);
  return [status !== undefined ? String(status) : '', excerpt || error.message.slice(0, EXCERPT)].filter(Boolean).join(' — ');
}

/** The input field a validation message names ("email: Invalid email address" → "email"). */
export function fieldNamed(message: string): string | undefined {
  const direct = /^(?:input\s+)?([A-Za-z_][\w.[\]-]*)\s*:/.exec(message.trim());
  if (direct?.[1] && !/^(https?|error|invalid|request)$/i.test(direct[1])) return direct[1];
  const quoted = /field\s+["'`]?([A-Za-z_][\w.[\]-]*)["'`]?/i.exec(message);
  return quoted?.[1];
}

export function adviceFor(error: StepError, step: FailedStep): string {
  const app = step.appName ?? 'The app';
  const stepName = `"${step.name}"`;
  switch (error.kind) {
    case 'auth':
    case 'forbidden':
      return `Reconnect ${step.appName ?? 'the app'}: open the connection${step.connectionName ? ` "${step.connectionName}"` : ''}, update its credentials and test it. Then replay the failed runs.`;
    case 'rate_limited':
      return `${app} asked Konnect to slow down. Konnect waited and retried; lower how often the konnector runs or how many calls it makes, then replay the failed runs.`;
    case 'not_found':
      return `${app} could not find what step ${stepName} asked for. Check the IDs mapped into that step (they may point at a record that was deleted), then replay the run.`;
    case 'validation': {
      const field = fieldNamed(error.message);
      return field
        ? `Fix the mapping of field "${field}" in step ${stepName}: ${app} refused its value. Then replay the run.`
        : `Fix the field mapping of step ${stepName}: ${app} refused the values it was sent (its answer above names them). Then replay the run.`;
    }
    case 'server':
    case 'timeout':
    case 'network':
      return `${app} did not answer properly (its side or the network). Konnect already retried; replay the run once ${app} works again.`;
    case 'refused':
      return `The address step ${stepName} calls is not allowed (an internal or private network). Use a public URL.`;
    case 'config':
      return `Step ${stepName} is not set up completely: open the konnector, fix the step, publish it and replay the run.`;
    case 'code':
      return `The code of step ${stepName} threw an error: fix it, test the step and replay the run.`;
    case 'failed_by_step':
      return `The konnector's "Fail run" step ${stepName} ended the run on purpose with the message above. Fix what it reports (often the step before it failed), then replay the run.`;
    case 'engine':
      return 'Konnect could not run this konnector. Replay the run; if it fails again, contact support with the run link.';
  }
}
