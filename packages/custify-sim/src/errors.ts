/** An error that becomes an HTTP response with the given status and JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.error === 'string' ? body.error : `HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/** Bad input: becomes 422 `{ errors: [...] }`; every message names its field. */
export class ValidationError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
    this.name = 'ValidationError';
  }
}

export function notFound(): HttpError {
  return new HttpError(404, { error: 'Not found' });
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, { error: message });
}

export function invalid(...errors: string[]): ValidationError {
  return new ValidationError(errors);
}
