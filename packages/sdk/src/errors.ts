import type { ConnectorErrorData, ConnectorErrorKind, HttpExchange } from './types';

/** The one error type connectors and the HTTP client throw. Serialisable through `toJSON()`. */
export class ConnectorError extends Error implements ConnectorErrorData {
  readonly kind: ConnectorErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly unprocessed?: boolean;
  readonly exchange?: HttpExchange;

  constructor(data: ConnectorErrorData) {
    super(data.message);
    this.name = 'ConnectorError';
    this.kind = data.kind;
    this.status = data.status;
    this.retryable = data.retryable;
    this.retryAfterMs = data.retryAfterMs;
    if (data.unprocessed) this.unprocessed = true;
    this.exchange = data.exchange;
  }

  toJSON(): ConnectorErrorData {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.status !== undefined ? { status: this.status } : {}),
      retryable: this.retryable,
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
      ...(this.unprocessed ? { unprocessed: true } : {}),
      ...(this.exchange ? { exchange: this.exchange } : {}),
    };
  }
}

export function isConnectorError(err: unknown): err is ConnectorError {
  return err instanceof ConnectorError;
}

/** Which HTTP statuses are worth another attempt: 408, 425, 429 and 5xx except 501/505. */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 425 || status === 429) return true;
  return status >= 500 && status !== 501 && status !== 505;
}

export function kindForStatus(status: number): ConnectorErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'validation';
}

/** Any thrown value as ConnectorErrorData (unknown errors are not retryable). */
export function toErrorData(err: unknown): ConnectorErrorData {
  if (err instanceof ConnectorError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'config', message, retryable: false };
}
