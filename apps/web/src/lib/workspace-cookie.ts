/** Remembers the workspace used last, so /app lands there (set by the shell, read by /app). */
export const LAST_WORKSPACE_COOKIE = 'konnect.workspace';
