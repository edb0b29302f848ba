export { AppError, APP_ERROR_CODES, isAppError, errorMessage, type AppErrorCode, type AppErrorDetails } from './errors';
export * from './jobs';
export * from './queues';
export { createPlatform, resolverFor, DEFAULT_LIMITS, type Platform, type PlatformOptions, type PlatformLimits, type Logger, type EngineTuning } from './platform';
export { connectionResolver, httpOptionsFor, loadConnectionAuth, type ConnectionResolver, type ConnectionUse, type ResolvedConnection, type ConnectionDeps } from './connections';
export { checkpointStore, loadSteps, writeStep, writeSteps, type CheckpointStore, type RunCheckpoints } from './checkpoints';
export { activate, deactivate, publish, konnectorIsOff, newHookToken, type ActivateOptions, type ActivationResult } from './activation';
export { processPoll, seedCursor, type PollOutcome } from './poll';
export { workspaceBacklog, konnectorBacklog, RATE_WINDOW_MS, RATE_SAMPLE, BEHIND_AFTER_MS, type Backlog } from './backlog';
export { processRun, countTasks, FINAL_STATUSES, type RunOutcome, type FinalRunStatus } from './run';
export { drainRunsHere, runningHere, roomHere } from './run-here';
export { wakeRun, cancelRun, type RunRef, type WaitChange } from './run-wait';
export { processSchedule, scheduledTime, type ScheduleOutcome } from './schedule';
export { ingestHook, activeHook, type HookRequest, type HookResult, type ActiveHook } from './hooks';
export { handleHookRequest, answerHook, UNAVAILABLE_RETRY_AFTER_S, type HookCall } from './hook-http';
export { jsonAnswer, toWebResponse, type HookAnswer } from './hook-answer';
export { hookBucket, takeHookToken } from './hook-rate';
export { listenForAnswer, closeHookListener, waitingHookRequests, ANSWER_POLL_MS, type AnswerWait } from './hook-respond-wait';
export { hookResponder, shortRunError, hookChannel, type HookMessage } from './hook-respond';
export { startListening, stopListening, listenStatus, catchTestRequest, ensureHookEndpoint, DEFAULT_LISTEN_SECONDS, MIN_LISTEN_SECONDS, MAX_LISTEN_SECONDS, type ListenStatus, type ListenState } from './hook-listen';
export { replay, type ReplayMode } from './replay';
export { ensureRunPartitions, dropOldRunPartitions, droppablePartitions, dropPartition, deleteEventKeys, clearDroppedReferences, runPartitions, DAYS_AHEAD, type PartitionPair } from './run-partitions';
export { deleteOldRuns, deleteOldAuditEvents, deleteOldAccountEvents, MAINTENANCE_SCHEDULERS, DEFAULT_RETENTION_DAYS, DEFAULT_ACCOUNT_EVENT_RETENTION_DAYS } from './maintenance';
export { reconcile, reviveRuns, reviveWaitingRuns, wakeCallers, CALLER_WAKE_GRACE_MS, WAITING_HORIZON_MS, RECONCILE_EVERY_MS, QUEUED_GRACE_MS, RUNNING_STALE_MS, type ReconcileOptions, type ReconcileReport } from './reconcile';
export { startBackground, listWorkers, runsInFlight, HEARTBEAT_MS, type Background, type BackgroundOptions, type WorkerInfo } from './heartbeat';
export { registerTrigger, registrationOf, type Registration } from './registration';
export { resumeTriggersFor, recordTriggerFailure, describeTriggerFailure, markConnectionNeedsAttention, PAUSE_AFTER_FAILURES, type TriggerState } from './trigger-health';
export { noteConnectionUse, flushConnectionUsage } from './connection-usage';
export { isInfrastructureError, dependencyOf, InfrastructureUnavailable } from './infrastructure';
export { dependencyStates, watchRedis, type DependencyStates, type Dependency } from './dependencies';
export { startWorkers, DEFAULT_WORKER_SETTINGS, DEFAULT_SHUTDOWN_TIMEOUT_MS, type WorkerSettings, type WorkerOverrides, type WorkerDeps, type RunningWorkers } from './workers';
export {
  platformFromEnv,
  platformEnvShape,
  workerSettingsEnvShape,
  outboundGuardFromEnv,
  limitsFromEnv,
  workerSettingsFromEnv,
  type PlatformEnv,
  type WorkerSettingsEnv,
  type PlatformExtras,
} from './env';
export { takeToken, takeTokenOrLocal, semaphore, type Semaphore, type BucketSpec } from './limits';
export { throttledHttp } from './throttled-http';
export { pageBudget, checkPageBudget, DEFAULT_CALM_MS, type PageBudget, type PageBudgetSpec, type PageBudgetState } from './page-budget';
export { pollIntervalMs, scheduleSpec, isWeekend, pollSchedulerId, scheduleSchedulerId, MIN_POLL_SECONDS, DEFAULT_POLL_SECONDS } from './triggers';
export { limitedJson, isTruncated, DEFAULT_FIELD_LIMIT_BYTES, type TruncatedMarker } from './truncate';
export { createOutboundGuard, internalReason, isInternalAddress, hostOf, type GuardOptions, type PlatformGuard } from './outbound-guard';
export { readLimited, BodyTooLarge } from './body';
export { unstorable, unstorableText } from './storable-text';
export { runSecrets, type RunSecrets } from './run-secrets';
export { secretScrubber, type Scrubber } from './secrets';
export { queueMail, sealMail, openMail, MailRequest, NoticeMail, InvitationMail, CustomMail, type QueuedMail, type SealedMail } from './mail';
export { processMail, MAIL_MAX_ATTEMPTS, type MailOutcome } from './mail-send';
export { reviveMail, MAIL_QUEUED_GRACE_MS, MAIL_SENDING_STALE_MS, type MailReviveOptions } from './mail-revive';
export {
  konnectMailService,
  takeMailQuota,
  returnMailQuota,
  mailQuotaUsed,
  utcDay,
  type MailQueue,
  type CustomMailRequest,
  type KonnectMailOptions,
} from './konnect-mail';
export { processAlert, reviveDigests, type AlertOutcome } from './alerts';
export { noteAlert } from './alert-enqueue';
export { dispatchAlert, slackMessage, webhookSignature, mailThroughQueue, MAIL_UNAVAILABLE, type AlertContext, type SendMail, type NoticeMessage } from './alert-dispatch';
export {
  effectiveAlerts,
  sealAlertSecrets,
  openAlertSecrets,
  urlHint,
  storedSettings,
  storedOverride,
  storedChannels,
  StoredChannels,
  type AlertSecrets,
  type DeliveryStatus,
  type EffectiveAlerts,
} from './alert-settings';
export { decideFailure, decideSuccess, decideDigest, EMPTY_ALERT_STATE, DIGEST_RUN_LIMIT, type AlertState } from './alert-policy';
export { adviceFor, whatTheAppAnswered } from './alert-advice';
export { notifyUsers, notifyMemberEvent, type NewNotification } from './notifications';
export {
  WorkspaceStore,
  StoreError,
  isStoreError,
  storeService,
  workspaceStore,
  purgeExpiredStoreEntries,
  checkStoreKey,
  DEFAULT_STORE_LIMITS,
  MAX_STORE_KEY_LENGTH,
  MAX_STORE_VALUE_BYTES,
  MAX_STORE_TTL_SECONDS,
  type StoreLimits,
  type StoreOptions,
  type StoreErrorReason,
} from './data-store';
