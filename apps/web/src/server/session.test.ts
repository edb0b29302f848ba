import { describe, expect, it } from 'vitest';
import { sessionCookieFor } from './session';

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Lax, and Secure with the __Secure- prefix over https', () => {
    expect(sessionCookieFor('https://konnect.example.com')).toEqual({
      name: '__Secure-next-auth.session-token',
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true },
    });
    expect(sessionCookieFor('http://localhost:3000')).toEqual({
      name: 'next-auth.session-token',
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false },
    });
  });
});
