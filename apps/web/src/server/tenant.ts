/**
 * Tenant scoping: the one place `workspaceId` is injected into queries on tenant tables.
 * `scoped(db, workspaceId).connection.findMany(...)` only ever sees, changes or creates rows of
 * that workspace: reads and bulk writes get `workspaceId` in their `where`, single-row writes
 * address `{ id, workspaceId }` (so another workspace's id is "not found"), creates get it in
 * `data`. Queries across workspaces (a user's own memberships, sign-up) use `db` directly and
 * say why.
 */
import type { Db } from '@konnect/db';

const TENANT_MODELS = new Set(['Connection', 'Konnector', 'Membership', 'Invitation', 'ApiToken', 'Run', 'WebhookEndpoint', 'AuditEvent', 'TriggerEvent', 'Notification', 'AlertSetting', 'KonnectorAlertState', 'MailMessage', 'StoreEntry']);

const WHERE_OPERATIONS = new Set([
  'findMany',
  'findFirst',
  'findFirstOrThrow',
  'findUnique',
  'findUniqueOrThrow',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
]);

type Args = Record<string, unknown>;

function isRecord(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withWorkspace(value: unknown, workspaceId: string): Args {
  return { ...(isRecord(value) ? value : {}), workspaceId };
}

/** The operation's arguments with the workspace injected; throws for operations it cannot scope. */
export function scopeArgs(model: string, operation: string, args: unknown, workspaceId: string): Args {
  const a: Args = isRecord(args) ? { ...args } : {};
  if (WHERE_OPERATIONS.has(operation)) {
    a.where = withWorkspace(a.where, workspaceId);
  } else if (operation === 'create') {
    a.data = withWorkspace(a.data, workspaceId);
  } else if (operation === 'createMany' || operation === 'createManyAndReturn') {
    a.data = Array.isArray(a.data) ? a.data.map((row) => withWorkspace(row, workspaceId)) : withWorkspace(a.data, workspaceId);
  } else if (operation === 'upsert') {
    a.where = withWorkspace(a.where, workspaceId);
    a.create = withWorkspace(a.create, workspaceId);
  } else {
    throw new Error(`scoped(): ${model}.${operation} cannot be scoped to a workspace`);
  }
  return a;
}

/** A client whose tenant tables are limited to one workspace (other tables pass through). */
export function scoped(db: Db, workspaceId: string) {
  if (!workspaceId) throw new Error('scoped(): workspaceId is required');
  return db.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          if (!TENANT_MODELS.has(model)) return query(args);
          return query(scopeArgs(model, operation, args, workspaceId) as typeof args);
        },
      },
    },
  });
}

export type ScopedDb = ReturnType<typeof scoped>;
