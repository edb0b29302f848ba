import type { MethodDef } from '../context';
import { authMethods } from './auth';
import { chatMethods } from './chat';
import { conversationMethods } from './conversations';
import { reactionMethods } from './reactions';
import { userMethods } from './users';

/** Every Web API method the simulator serves, by name. */
export const METHODS: ReadonlyMap<string, MethodDef> = new Map(
  [...authMethods, ...chatMethods, ...conversationMethods, ...reactionMethods, ...userMethods].map((m) => [m.name, m]),
);
