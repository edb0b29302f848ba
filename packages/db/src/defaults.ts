/** Local defaults so a newcomer sets nothing (see the README). */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/konnect';
