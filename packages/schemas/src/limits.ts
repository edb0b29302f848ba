/** Limits shared by the validator, the engine and the builder. */

/** Steps in one definition, counted through paths and repeaters (the trigger excluded). */
export const MAX_STEPS = 100;
/** Branches in one path step (the optional otherwise branch excluded). */
export const MAX_BRANCHES = 10;
/** Paths nested inside path branches: a path inside a path inside a path is the deepest. */
export const MAX_PATH_DEPTH = 3;
/** A repeater's default iteration guard and the hard ceiling a definition may set. */
export const DEFAULT_MAX_ITERATIONS = 100;
export const MAX_ITERATIONS = 1000;
/** Code step time limit: default and ceiling. */
export const DEFAULT_CODE_TIMEOUT_MS = 1000;
export const MAX_CODE_TIMEOUT_MS = 10_000;
/** Lengths. */
export const MAX_STEP_ID_LENGTH = 40;
export const MAX_TEMPLATE_LENGTH = 20_000;
export const MAX_CODE_SOURCE_LENGTH = 100_000;
