/** auth.test. */
import type { MethodDef } from '../context';

const test: MethodDef = {
  name: 'auth.test',
  scopes: [],
  json: true,
  run(ctx) {
    const { team } = ctx.store;
    const user = ctx.store.users.get(ctx.token.userId);
    return {
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: user?.name ?? '',
      team_id: team.id,
      user_id: ctx.token.userId,
      ...(ctx.token.botId ? { bot_id: ctx.token.botId } : {}),
      is_enterprise_install: false,
    };
  },
};

export const authMethods: MethodDef[] = [test];
