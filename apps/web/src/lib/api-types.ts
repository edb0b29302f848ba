/** Response shapes of the web API, for the UI (type-only imports from the server's services). */
export type { WorkspaceDto, WorkspaceDetailDto } from '../server/workspaces/workspaces';
export type { MemberDto, InvitationDto, InviteResult } from '../server/workspaces/members';
export type { ConnectionDto } from '../server/connections/connections';
export type { ConnectionTestResult } from '../server/connections/check';
export type { TokenDto } from '../server/tokens/tokens';
export type { CatalogueEntry, JsonSchema } from '@konnect/sdk';
export type { KonnectorDto, PublishedVersionDto } from '../server/konnectors/dto';
export type { KonnectorSummaryDto } from '../server/konnectors/list';
export type { ActivationDto } from '../server/konnectors/lifecycle';
export type { TestRunDto } from '../server/konnectors/test-run';
export type { VersionDto } from '../server/konnectors/versions';
export type { TemplateDto } from '../server/konnectors/templates';
export type { KonnectorExport, ImportResult } from '../server/konnectors/transfer';
export type { RunSummaryDto, RunPage } from '../server/runs/list';
export type { RunDetailDto } from '../server/runs/detail';
export type { ReplayDto } from '../server/runs/replay';
export type { StepView, StepNode, StepBranchNode, StepIterationNode } from '../server/runs/tree';
export type { Problem } from '@konnect/schemas';
