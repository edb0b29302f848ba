/**
 * Carries the builder's in-memory state (undo history, selection, sample, last test run) from the
 * "new konnector" page to the konnector's own page after its first save, so the route change
 * loses nothing. One entry per konnector id, taken once.
 */
const entries = new Map<string, unknown>();

export function putHandoff<T>(konnectorId: string, value: T): void {
  entries.set(konnectorId, value);
}

export function takeHandoff<T>(konnectorId: string | null): T | null {
  if (!konnectorId) return null;
  const value = entries.get(konnectorId);
  entries.delete(konnectorId);
  return (value as T | undefined) ?? null;
}
