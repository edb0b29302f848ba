/** users.lookupByEmail and users.list. */
import { page, SlackError, str, type MethodDef } from '../context';
import type { SimUser } from '../store';

/** A user object as the API returns it. */
export function userJson(user: SimUser): Record<string, unknown> {
  return {
    id: user.id,
    team_id: user.team_id,
    name: user.name,
    deleted: user.deleted,
    real_name: user.real_name,
    tz: user.tz,
    is_admin: user.is_admin,
    is_bot: user.is_bot,
    is_app_user: false,
    profile: { ...user.profile, real_name_normalized: user.profile.real_name, display_name_normalized: user.profile.display_name },
  };
}

const lookupByEmail: MethodDef = {
  name: 'users.lookupByEmail',
  scopes: ['users:read.email'],
  json: false,
  run(ctx) {
    const email = str(ctx.args, 'email');
    if (email === undefined) throw new SlackError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: email'] } });
    const user = ctx.store.userByEmail(email);
    if (!user || user.deleted) throw new SlackError('users_not_found');
    return { user: userJson(user) };
  },
};

const list: MethodDef = {
  name: 'users.list',
  scopes: ['users:read'],
  json: false,
  run(ctx) {
    // Emails are in profiles only for tokens holding users:read.email.
    const withEmail = ctx.token.scopes.includes('users:read.email');
    const all = [...ctx.store.users.values()];
    const { items, nextCursor } = page(all, ctx.args, { defaultLimit: 1000, maxLimit: 1000 });
    const members = items.map((u) => {
      const json = userJson(u);
      if (!withEmail) delete (json.profile as Record<string, unknown>).email;
      return json;
    });
    return { members, cache_ts: Math.floor(ctx.store.now().getTime() / 1000), response_metadata: { next_cursor: nextCursor } };
  },
};

export const userMethods: MethodDef[] = [lookupByEmail, list];
