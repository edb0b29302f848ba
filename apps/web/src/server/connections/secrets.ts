/**
 * A connection's auth value at rest: the whole validated value sealed as one AES-256-GCM envelope
 * bound to the workspace (associated data), non-secret fields copied into `settings`, and a masked
 * hint of the first secret field. Nothing here ever returns a secret to a caller outside the server.
 */
import { maskSecret, open, seal, type Keyring } from '@konnect/db';
import { checkAuth, connectionSecrets, connectionSecretValues, secretFieldNames, type ConnectorDef } from '@konnect/sdk';
import { secretScrubber } from '@konnect/platform';

export type AuthValue = Record<string, unknown>;
export type Settings = Record<string, string | number | boolean>;

export interface SealedAuth {
  secret: string;
  keyVersion: string;
  settings: Settings;
  secretHint: string;
}

export function secretNames(connector: ConnectorDef): string[] {
  return connector.auth.kind === 'none' ? [] : secretFieldNames(connector.auth.fields);
}

export function sealAuth(keyring: Keyring, workspaceId: string, connector: ConnectorDef, value: AuthValue): SealedAuth {
  const secrets = new Set(secretNames(connector));
  const settings: Settings = {};
  for (const [key, v] of Object.entries(value)) {
    if (secrets.has(key)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') settings[key] = v;
  }
  const firstSecret = [...secrets].map((k) => value[k]).find((v): v is string => typeof v === 'string' && v !== '');
  const sealed = seal(keyring, JSON.stringify(value), workspaceId);
  return { secret: sealed.envelope, keyVersion: sealed.keyId, settings, secretHint: firstSecret ? maskSecret(firstSecret) : '' };
}

/** The stored auth value; throws SecretDecryptError when it was tampered with or its key is gone. */
export function openAuth(keyring: Keyring, workspaceId: string, envelope: string): AuthValue {
  const parsed: unknown = JSON.parse(open(keyring, envelope, workspaceId));
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as AuthValue) : {};
}

/**
 * Replaces every secret value of the connection inside a message (defence in depth on top of the
 * SDK's redaction): its secret fields and the auth headers built from them (a Basic header's
 * base64 `user:password`), each in every form an app may quote it in (as is, URL-encoded,
 * JSON-escaped, base64).
 */
export function scrubSecrets(message: string, connector: ConnectorDef, value: AuthValue): string {
  const checked = checkAuth(connector, value);
  const auth = checked.ok ? checked.input : value;
  let secrets: string[];
  try {
    secrets = connectionSecretValues(connector, auth);
  } catch {
    secrets = connectionSecrets(connector, value);
  }
  return secretScrubber(secrets).text(message);
}
