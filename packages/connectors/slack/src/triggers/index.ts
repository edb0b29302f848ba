import { newMessage } from './new-message';

export const triggers = [newMessage];
