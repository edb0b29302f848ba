/** Dynamic dropdowns: channels (conversations.list) and people (users.list), one page per call. */
import type { DynamicOptionsDef, OptionItem } from '@konnect/sdk';
import { callSlack, listOf, nextCursor } from './api';
import type { SlackAuthValue } from './auth-fields';

const PAGE_SIZE = 200;

export const channelOptions: DynamicOptionsDef<SlackAuthValue> = {
  searchable: false,
  async load({ auth, http, cursor }) {
    const answer = await callSlack(
      http,
      auth,
      'conversations.list',
      { types: 'public_channel,private_channel', exclude_archived: true, limit: PAGE_SIZE, cursor },
      'query',
    );
    const items: OptionItem[] = listOf(answer, 'channels', 'conversations.list')
      .filter((c) => typeof c.id === 'string')
      .map((c) => ({
        value: c.id as string,
        label: `#${typeof c.name === 'string' ? c.name : c.id}`,
        hint: [c.is_private ? 'private' : 'public', c.is_member ? 'member' : 'app not a member'].join(' · '),
      }));
    const next = nextCursor(answer);
    return { items, ...(next ? { nextCursor: next } : {}) };
  },
};

export const userOptions: DynamicOptionsDef<SlackAuthValue> = {
  searchable: false,
  async load({ auth, http, cursor }) {
    const answer = await callSlack(http, auth, 'users.list', { limit: PAGE_SIZE, cursor }, 'query');
    // People only: no bots, no deactivated accounts, no Slackbot.
    const items: OptionItem[] = listOf(answer, 'members', 'users.list')
      .filter((u) => typeof u.id === 'string' && u.deleted !== true && u.is_bot !== true && u.id !== 'USLACKBOT')
      .map((u) => {
        const profile = typeof u.profile === 'object' && u.profile !== null ? (u.profile as Record<string, unknown>) : {};
        const name = [u.real_name, profile.real_name, u.name].find((n) => typeof n === 'string' && n !== '') as string | undefined;
        return { value: u.id as string, label: name ?? (u.id as string), ...(typeof profile.email === 'string' ? { hint: profile.email } : {}) };
      });
    const next = nextCursor(answer);
    return { items, ...(next ? { nextCursor: next } : {}) };
  },
};
