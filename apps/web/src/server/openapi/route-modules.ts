/**
 * Every route module under src/app/api/v1, with its URL path: the OpenAPI document is generated
 * from the handlers' own zod schemas (route() keeps them on the handler as `doc`). A test walks
 * the directory and fails when a route file is missing here.
 */
import * as r1 from '@/app/api/v1/auth/signup/route';
import * as r2 from '@/app/api/v1/catalogue/route';
import * as r3 from '@/app/api/v1/openapi.json/route';
import * as r4 from '@/app/api/v1/templates/route';
import * as r5 from '@/app/api/v1/workspaces/[workspaceId]/connections/[connectionId]/route';
import * as r6 from '@/app/api/v1/workspaces/[workspaceId]/connections/[connectionId]/test/route';
import * as connectionOptions from '@/app/api/v1/workspaces/[workspaceId]/connections/[connectionId]/options/[name]/route';
import * as r7 from '@/app/api/v1/workspaces/[workspaceId]/connections/route';
import * as r8 from '@/app/api/v1/workspaces/[workspaceId]/invitations/[invitationId]/route';
import * as r9 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/activate/route';
import * as r10 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/deactivate/route';
import * as r11 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/duplicate/route';
import * as r12 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/export/route';
import * as r13 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/route';
import * as r14 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/runs/route';
import * as r15 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/test/route';
import * as r16 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/versions/route';
import * as r17 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/import/route';
import * as r18 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/route';
import * as r19 from '@/app/api/v1/workspaces/[workspaceId]/members/[memberId]/route';
import * as r20 from '@/app/api/v1/workspaces/[workspaceId]/members/route';
import * as r21 from '@/app/api/v1/workspaces/[workspaceId]/route';
import * as r22 from '@/app/api/v1/workspaces/[workspaceId]/runs/[runId]/replay/route';
import * as hARunResume from '@/app/api/v1/workspaces/[workspaceId]/runs/[runId]/resume/route';
import * as hARunCancel from '@/app/api/v1/workspaces/[workspaceId]/runs/[runId]/cancel/route';
import * as r23 from '@/app/api/v1/workspaces/[workspaceId]/runs/[runId]/route';
import * as r24 from '@/app/api/v1/workspaces/[workspaceId]/runs/route';
import * as r25 from '@/app/api/v1/workspaces/[workspaceId]/tokens/[tokenId]/route';
import * as r26 from '@/app/api/v1/workspaces/[workspaceId]/tokens/route';
import * as r27 from '@/app/api/v1/workspaces/route';
import * as alerts0 from '@/app/api/v1/workspaces/[workspaceId]/notifications/route';
import * as alerts1 from '@/app/api/v1/workspaces/[workspaceId]/notifications/read-all/route';
import * as alerts2 from '@/app/api/v1/workspaces/[workspaceId]/notifications/[notificationId]/read/route';
import * as alerts3 from '@/app/api/v1/workspaces/[workspaceId]/alert-settings/route';
import * as alerts4 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/alert-settings/route';
import * as auditEvents from '@/app/api/v1/workspaces/[workspaceId]/audit-events/route';
import * as builder1 from '@/app/api/v1/workspaces/[workspaceId]/code-runs/route';
import * as builder2 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/publish/route';
import * as builder3 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/versions/[versionId]/restore/route';
import * as builder4 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/test/route';
import * as builder5 from '@/app/api/v1/workspaces/[workspaceId]/konnectors/validate/route';
import * as builder6 from '@/app/api/v1/workspaces/[workspaceId]/trigger-samples/route';
import * as adminMail from '@/app/api/v1/admin/mail/route';
import * as accountSessions from '@/app/api/v1/account/sessions/route';
import * as accountSession from '@/app/api/v1/account/sessions/[sessionId]/route';
import * as accountSessionsRevokeOthers from '@/app/api/v1/account/sessions/revoke-others/route';
import * as accountSessionsRevokeAll from '@/app/api/v1/account/sessions/revoke-all/route';
import * as accountVerifyEmail from '@/app/api/v1/auth/verify-email/route';
import * as accountPasswordReset from '@/app/api/v1/auth/password-reset/route';
import * as accountPasswordResetConfirm from '@/app/api/v1/auth/password-reset/confirm/route';
import * as accountPassword from '@/app/api/v1/account/password/route';
import * as accountEmail from '@/app/api/v1/account/email/route';
import * as accountVerification from '@/app/api/v1/account/verification/route';
import * as invitationAccept from '@/app/api/v1/invitations/accept/route';
import * as invitationDecline from '@/app/api/v1/invitations/decline/route';
import * as triggerEvents from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/trigger-events/route';
import * as konnectorBacklog from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/backlog/route';
import * as h3AccountEvents from '@/app/api/v1/account/events/route';
import * as h3TwoFactor from '@/app/api/v1/account/two-factor/route';
import * as h3TwoFactorSetup from '@/app/api/v1/account/two-factor/setup/route';
import * as h3TwoFactorConfirm from '@/app/api/v1/account/two-factor/confirm/route';
import * as h3TwoFactorCodes from '@/app/api/v1/account/two-factor/recovery-codes/route';
import * as h3TwoFactorDisable from '@/app/api/v1/account/two-factor/disable/route';
import * as h3Security from '@/app/api/v1/workspaces/[workspaceId]/security/route';
import * as h3AuditExport from '@/app/api/v1/workspaces/[workspaceId]/audit-events/export/route';
import * as h10Storage from '@/app/api/v1/workspaces/[workspaceId]/storage/route';
import * as h10StorageEntry from '@/app/api/v1/workspaces/[workspaceId]/storage/[entryId]/route';
import * as hDCallable from '@/app/api/v1/workspaces/[workspaceId]/konnectors/callable/route';
import * as hEHook from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/hook/route';
import * as hEHookListen from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/hook/listen/route';

export interface RouteModule {
  /** The route file, relative to src/app. */
  file: string;
  /** The module's exports (HTTP method handlers and route config). */
  handlers: Record<string, unknown>;
}

/** `api/v1/workspaces/[workspaceId]/route.ts` → `/api/v1/workspaces/{workspaceId}`. */
export function openApiPath(file: string): string {
  return `/${file}`.replace(/\/route\.ts$/, '').replace(/\[([A-Za-z0-9_]+)\]/g, '{$1}');
}

export const ROUTE_MODULES: RouteModule[] = [
  { file: 'api/v1/admin/mail/route.ts', handlers: adminMail },
  { file: 'api/v1/auth/signup/route.ts', handlers: r1 },
  { file: 'api/v1/auth/verify-email/route.ts', handlers: accountVerifyEmail },
  { file: 'api/v1/auth/password-reset/route.ts', handlers: accountPasswordReset },
  { file: 'api/v1/auth/password-reset/confirm/route.ts', handlers: accountPasswordResetConfirm },
  { file: 'api/v1/account/password/route.ts', handlers: accountPassword },
  { file: 'api/v1/account/email/route.ts', handlers: accountEmail },
  { file: 'api/v1/account/verification/route.ts', handlers: accountVerification },
  { file: 'api/v1/invitations/accept/route.ts', handlers: invitationAccept },
  { file: 'api/v1/invitations/decline/route.ts', handlers: invitationDecline },
  { file: 'api/v1/catalogue/route.ts', handlers: r2 },
  { file: 'api/v1/openapi.json/route.ts', handlers: r3 },
  { file: 'api/v1/templates/route.ts', handlers: r4 },
  { file: 'api/v1/workspaces/[workspaceId]/connections/[connectionId]/route.ts', handlers: r5 },
  { file: 'api/v1/workspaces/[workspaceId]/connections/[connectionId]/test/route.ts', handlers: r6 },
  { file: 'api/v1/workspaces/[workspaceId]/connections/[connectionId]/options/[name]/route.ts', handlers: connectionOptions },
  { file: 'api/v1/workspaces/[workspaceId]/connections/route.ts', handlers: r7 },
  { file: 'api/v1/workspaces/[workspaceId]/invitations/[invitationId]/route.ts', handlers: r8 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/activate/route.ts', handlers: r9 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/deactivate/route.ts', handlers: r10 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/duplicate/route.ts', handlers: r11 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/export/route.ts', handlers: r12 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/route.ts', handlers: r13 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/runs/route.ts', handlers: r14 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/test/route.ts', handlers: r15 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/versions/route.ts', handlers: r16 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/import/route.ts', handlers: r17 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/route.ts', handlers: r18 },
  { file: 'api/v1/workspaces/[workspaceId]/members/[memberId]/route.ts', handlers: r19 },
  { file: 'api/v1/workspaces/[workspaceId]/members/route.ts', handlers: r20 },
  { file: 'api/v1/workspaces/[workspaceId]/route.ts', handlers: r21 },
  { file: 'api/v1/workspaces/[workspaceId]/runs/[runId]/replay/route.ts', handlers: r22 },
  { file: 'api/v1/workspaces/[workspaceId]/runs/[runId]/route.ts', handlers: r23 },
  { file: 'api/v1/workspaces/[workspaceId]/runs/route.ts', handlers: r24 },
  { file: 'api/v1/workspaces/[workspaceId]/tokens/[tokenId]/route.ts', handlers: r25 },
  { file: 'api/v1/workspaces/[workspaceId]/tokens/route.ts', handlers: r26 },
  { file: 'api/v1/workspaces/route.ts', handlers: r27 },
  { file: 'api/v1/workspaces/[workspaceId]/audit-events/route.ts', handlers: auditEvents },
  { file: 'api/v1/workspaces/[workspaceId]/code-runs/route.ts', handlers: builder1 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/publish/route.ts', handlers: builder2 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/versions/[versionId]/restore/route.ts', handlers: builder3 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/test/route.ts', handlers: builder4 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/validate/route.ts', handlers: builder5 },
  { file: 'api/v1/workspaces/[workspaceId]/trigger-samples/route.ts', handlers: builder6 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/trigger-events/route.ts', handlers: triggerEvents },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/backlog/route.ts', handlers: konnectorBacklog },
  { file: 'api/v1/workspaces/[workspaceId]/notifications/route.ts', handlers: alerts0 },
  { file: 'api/v1/workspaces/[workspaceId]/notifications/read-all/route.ts', handlers: alerts1 },
  { file: 'api/v1/workspaces/[workspaceId]/notifications/[notificationId]/read/route.ts', handlers: alerts2 },
  { file: 'api/v1/workspaces/[workspaceId]/alert-settings/route.ts', handlers: alerts3 },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/alert-settings/route.ts', handlers: alerts4 },
  { file: 'api/v1/account/sessions/route.ts', handlers: accountSessions },
  { file: 'api/v1/account/sessions/[sessionId]/route.ts', handlers: accountSession },
  { file: 'api/v1/account/sessions/revoke-others/route.ts', handlers: accountSessionsRevokeOthers },
  { file: 'api/v1/account/sessions/revoke-all/route.ts', handlers: accountSessionsRevokeAll },
  { file: 'api/v1/account/events/route.ts', handlers: h3AccountEvents },
  { file: 'api/v1/account/two-factor/route.ts', handlers: h3TwoFactor },
  { file: 'api/v1/account/two-factor/setup/route.ts', handlers: h3TwoFactorSetup },
  { file: 'api/v1/account/two-factor/confirm/route.ts', handlers: h3TwoFactorConfirm },
  { file: 'api/v1/account/two-factor/recovery-codes/route.ts', handlers: h3TwoFactorCodes },
  { file: 'api/v1/account/two-factor/disable/route.ts', handlers: h3TwoFactorDisable },
  { file: 'api/v1/workspaces/[workspaceId]/security/route.ts', handlers: h3Security },
  { file: 'api/v1/workspaces/[workspaceId]/audit-events/export/route.ts', handlers: h3AuditExport },
  { file: 'api/v1/workspaces/[workspaceId]/storage/route.ts', handlers: h10Storage },
  { file: 'api/v1/workspaces/[workspaceId]/storage/[entryId]/route.ts', handlers: h10StorageEntry },
  { file: 'api/v1/workspaces/[workspaceId]/runs/[runId]/resume/route.ts', handlers: hARunResume },
  { file: 'api/v1/workspaces/[workspaceId]/runs/[runId]/cancel/route.ts', handlers: hARunCancel },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/callable/route.ts', handlers: hDCallable },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/hook/route.ts', handlers: hEHook },
  { file: 'api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/hook/listen/route.ts', handlers: hEHookListen },
];
