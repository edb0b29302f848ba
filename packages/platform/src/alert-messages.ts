/**
 * What each alert says, built once and sent everywhere: the in-app title and body, the notice
 * (the mailer's `notice` template; Slack's message is made from it too) and the generic webhook's
 * JSON. Every link is absolute (the app's base URL, APP_URL / NEXTAUTH_URL).
 */
import type { NotificationKind } from '@konnect/db';
import type { NoticeMail } from '@konnect/mail';
import { StepError, type AlertEvent } from '@konnect/schemas';
import { adviceFor, whatTheAppAnswered, type FailedStep } from './alert-advice';
import { OTHER_ERRORS } from './alert-policy';
import { allSteps, versionDefinition } from './definition';
import type { Platform } from './platform';

export interface Alert {
  /** The settings switch that turns this alert on or off. */
  event: AlertEvent;
  kind: NotificationKind;
  konnectorId?: string;
  connectionId?: string;
  runId?: string;
  title: string;
  body: string;
  notice: NoticeMail;
  /** The generic webhook's fields besides `event`, `workspace` and `occurredAt`. */
  webhook: Record<string, unknown>;
}

export function links(appUrl: string, workspaceId: string) {
  const base = `${appUrl.replace(/\/+$/, '')}/app/${encodeURIComponent(workspaceId)}`;
  return {
    run: (id: string) => `${base}/runs/${encodeURIComponent(id)}`,
    konnector: (id: string) => `${base}/konnectors/${encodeURIComponent(id)}`,
    konnectorAlerts: (id: string) => `${base}/konnectors/${encodeURIComponent(id)}?panel=alerts`,
    connections: () => `${base}/connections`,
    settings: () => `${base}/settings#alerts`,
  };
}

export type Links = ReturnType<typeof links>;

const footer = (l: Links) => `You get this because you are a recipient of this workspace's alerts. Change who gets them, and how often, in Settings → Alerts: ${l.settings()}`;

interface KonnectorRef {
  id: string;
  name: string;
}

async function konnectorRef(p: Platform, workspaceId: string, konnectorId: string): Promise<KonnectorRef | null> {
  return p.db.konnector.findFirst({ where: { id: konnectorId, workspaceId }, select: { id: true, name: true } });
}

export interface FailedRun {
  runId: string;
  konnector: KonnectorRef;
  error: StepError | null;
  summary: string;
  step: FailedStep | null;
}

/** The failed run with its error, the failed step (name, type, app, connection) and what the app answered. */
export async function loadFailedRun(p: Platform, workspaceId: string, runId: string): Promise<FailedRun | null> {
  const run = await p.db.run.findFirst({
    where: { id: runId, workspaceId },
    select: { id: true, status: true, error: true, summary: true, konnector: { select: { id: true, name: true } }, version: { select: { id: true, definition: true } } },
  });
  if (!run) return null;
  const runError = StepError.safeParse(run.error);
  let error = runError.success ? runError.data : null;
  let step: FailedStep | null = null;
  if (error?.stepId) {
    // The step's own record keeps the full (scrubbed) exchange; the run's copy may be cut.
    const record = await p.db.runStep.findFirst({ where: { runId, stepId: error.stepId, status: 'failed' }, orderBy: { seq: 'desc' }, select: { error: true } });
    const stepError = StepError.safeParse(record?.error);
    if (stepError.success) error = stepError.data;
    const def = allSteps(versionDefinition(run.version.id, run.version.definition).steps).find((s) => s.id === error?.stepId);
    if (def) {
      step = { name: def.name ?? def.id, type: def.type };
      if (def.type === 'action') {
        const connector = p.registry.connector(def.connector);
        step.type = `${connector?.name ?? def.connector} · ${connector?.actions.find((a) => a.key === def.action)?.name ?? def.action}`;
        if (connector) step.appName = connector.name;
        if (def.connectionId) {
          const connection = await p.db.connection.findFirst({ where: { id: def.connectionId, workspaceId }, select: { name: true } });
          if (connection) step.connectionName = connection.name;
        }
      }
    }
  }
  return { runId: run.id, konnector: run.konnector, error, summary: run.summary, step };
}

export function failedRunAlert(l: Links, f: FailedRun): Alert {
  const { konnector, error, step } = f;
  const message = error?.message ?? f.summary ?? 'The run failed';
  const answered = error ? whatTheAppAnswered(error) : '';
  const stepLabel = step ? `${step.name} (${step.type})` : error?.stepId || 'the konnector';
  const advice = error ? adviceFor(error, step ?? { name: error.stepId || 'the step', type: 'step' }) : 'Open the run to see what happened, then replay it.';
  const facts = [
    { label: 'Konnector', value: konnector.name },
    { label: 'Step', value: stepLabel },
    ...(answered ? [{ label: 'What the app answered', value: answered }] : []),
    ...(error ? [{ label: 'Error', value: `${error.kind}: ${message}`.slice(0, 500) }] : []),
  ];
  return {
    event: 'runFailed',
    kind: 'run_failed',
    konnectorId: konnector.id,
    runId: f.runId,
    title: `${konnector.name} failed`,
    body: `Step ${stepLabel}: ${message}`.slice(0, 1000),
    notice: {
      subject: `Konnector failed: ${konnector.name}`,
      preheader: message.slice(0, 120),
      heading: `${konnector.name} failed`,
      intro: `A run of ${konnector.name} failed at step ${stepLabel}. Later failures are collected into a digest instead of one message each.`,
      facts,
      action: { label: 'Open the failed run', url: l.run(f.runId) },
      advice,
      footer: footer(l),
    },
    webhook: {
      konnector: { id: konnector.id, name: konnector.name, url: l.konnector(konnector.id) },
      run: { id: f.runId, url: l.run(f.runId) },
      error: error ? { kind: error.kind, message, status: error.status ?? null, step: step ? { id: error.stepId, name: step.name, type: step.type } : { id: error.stepId }, answered } : { message },
    },
  };
}

export interface DigestInput {
  count: number;
  errors: Record<string, number>;
  runIds: string[];
  since: Date | null;
}

export async function digestAlert(p: Platform, l: Links, workspaceId: string, konnectorId: string, d: DigestInput): Promise<Alert | null> {
  const konnector = await konnectorRef(p, workspaceId, konnectorId);
  if (!konnector) return null;
  const errors = Object.entries(d.errors).sort((a, b) => (a[0] === OTHER_ERRORS ? 1 : b[0] === OTHER_ERRORS ? -1 : b[1] - a[1] || a[0].localeCompare(b[0])));
  const runs = d.count === 1 ? 'run' : 'runs';
  return {
    event: 'runFailed',
    kind: 'run_digest',
    konnectorId,
    ...(d.runIds[0] ? { runId: d.runIds[0] } : {}),
    title: `${konnector.name}: ${d.count} more failed ${runs}`,
    body: errors.slice(0, 5).map(([m, n]) => `${n}× ${m}`).join('\n'),
    notice: {
      subject: `${d.count} more failed ${runs}: ${konnector.name}`,
      heading: `${konnector.name}: ${d.count} more failed ${runs}`,
      intro: `${d.count} ${runs} of ${konnector.name} failed${d.since ? ` since ${d.since.toISOString().replace('T', ' ').slice(0, 16)} UTC` : ''}. The distinct errors, with how often each happened:`,
      facts: errors.map(([m, n]) => ({ label: `${n}×`, value: m })),
      items: d.runIds.map((id) => ({ text: `Run ${id}`, url: l.run(id) })),
      action: { label: 'Open the konnector', url: l.konnector(konnectorId) },
      advice: 'Open one of the runs to see what the app answered; fix the cause, then replay the failed runs.',
      footer: footer(l),
    },
    webhook: {
      konnector: { id: konnectorId, name: konnector.name, url: l.konnector(konnectorId) },
      count: d.count,
      errors: errors.map(([message, count]) => ({ message, count })),
      runs: d.runIds.map((id) => ({ id, url: l.run(id) })),
    },
  };
}

export async function konnectorAlert(
  p: Platform,
  l: Links,
  workspaceId: string,
  konnectorId: string,
  what: { kind: 'recovered'; runId: string } | { kind: 'auto_paused'; failures: number } | { kind: 'trigger_paused' | 'trigger_resumed'; reason: string },
): Promise<Alert | null> {
  const k = await konnectorRef(p, workspaceId, konnectorId);
  if (!k) return null;
  const ref = { konnector: { id: k.id, name: k.name, url: l.konnector(k.id) } };
  const notice = (n: Omit<NoticeMail, 'footer'>): NoticeMail => ({ ...n, footer: footer(l) });
  switch (what.kind) {
    case 'recovered':
      return {
        event: 'recovered', kind: 'konnector_recovered', konnectorId, runId: what.runId,
        title: `${k.name} works again`, body: 'A run succeeded after the failures you were alerted about.',
        notice: notice({ subject: `Recovered: ${k.name}`, heading: `${k.name} works again`, intro: `A run of ${k.name} succeeded after the failures you were alerted about.`, action: { label: 'Open the run', url: l.run(what.runId) } }),
        webhook: { ...ref, run: { id: what.runId, url: l.run(what.runId) } },
      };
    case 'auto_paused':
      return {
        event: 'autoPaused', kind: 'konnector_auto_paused', konnectorId,
        title: `${k.name} was turned off after ${what.failures} failed runs in a row`, body: 'Its trigger is stopped. Fix the cause, then resume it from the konnector page.',
        notice: notice({
          subject: `Turned off: ${k.name}`, heading: `${k.name} was turned off`,
          intro: `${k.name} failed ${what.failures} times in a row, so Konnect turned it off as the alert settings ask. Its trigger is stopped: nothing runs until you resume it.`,
          action: { label: 'Resume the konnector', url: l.konnectorAlerts(konnectorId) },
          advice: 'Open the last failed runs to see what the app answered, fix the cause, then resume: the konnector turns back on with one click.',
        }),
        webhook: { ...ref, failures: what.failures, resumeUrl: l.konnectorAlerts(konnectorId) },
      };
    case 'trigger_paused':
    case 'trigger_resumed': {
      const paused = what.kind === 'trigger_paused';
      return {
        event: paused ? 'triggerPaused' : 'triggerResumed', kind: what.kind, konnectorId,
        title: `${k.name}: trigger ${paused ? 'paused' : 'resumed'}`, body: what.reason,
        notice: notice({
          subject: `Trigger ${paused ? 'paused' : 'resumed'}: ${k.name}`, heading: `The trigger of ${k.name} ${paused ? 'is paused' : 'runs again'}`,
          intro: what.reason, action: { label: 'Open the konnector', url: l.konnector(konnectorId) },
          ...(paused ? { advice: 'Fix the connection or the trigger as the reason says; a connection that passes its test resumes the trigger by itself.' } : {}),
        }),
        webhook: { ...ref, reason: what.reason },
      };
    }
  }
}

export async function connectionAlert(p: Platform, l: Links, workspaceId: string, connectionId: string, message: string): Promise<Alert | null> {
  const c = await p.db.connection.findFirst({ where: { id: connectionId, workspaceId }, select: { id: true, name: true, connectorKey: true } });
  if (!c) return null;
  const app = p.registry.connector(c.connectorKey)?.name ?? c.connectorKey;
  return {
    event: 'connectionAttention', kind: 'connection_attention', connectionId,
    title: `Connection ${c.name} needs attention`, body: message,
    notice: {
      subject: `Connection needs attention: ${c.name}`, heading: `${c.name} needs attention`,
      intro: `${app} refused the connection ${c.name}.`, facts: [{ label: 'What the app answered', value: message.slice(0, 500) }],
      action: { label: 'Open connections', url: l.connections() },
      advice: `Reconnect ${app}: update the credentials of ${c.name} and test it. Triggers it paused resume by themselves.`,
      footer: footer(l),
    },
    webhook: { connection: { id: c.id, name: c.name, app, url: l.connections() }, error: { message } },
  };
}
