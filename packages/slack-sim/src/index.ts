export { startSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from './server';
export { SlackStore, formatTs, tsMicros, TS_PATTERN } from './store';
export type { SimChannel, SimMessage, SimToken, SimUser, SimTeam, SimReaction } from './store';
export { BOT_ID, BOT_SCOPES, BOT_USER_ID, DEMO_BOT_TOKEN, SEED_NAMES, type SeedName } from './seed';
export type { Fault, ActiveFault } from './faults';
export type { RecordedRequest } from './request-log';
export { METHODS } from './methods';
