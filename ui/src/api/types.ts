/**
 * Names for the server models the UI uses. Every type here is an alias into the generated
 * `schema.d.ts` (run `npm run gen:api`); never a hand-written copy of a server model.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type AuthMethods = Schemas["AuthMethods"];
export type AuthMethod = AuthMethods["methods"][number];
export type DevLoginRequest = Schemas["DevLoginRequest"];
export type DevUser = Schemas["DevUser"];
export type ErrorBody = Schemas["ErrorBody"];
export type SignOutResponse = Schemas["SignOutResponse"];
export type SiteInfo = Schemas["SiteInfo"];
export type UserProfile = Schemas["UserProfile"];

// Role access: my roles, console sign-in, CLI sign-in approval, audit, role mappings.
export type AccountSummary = Schemas["EligibleRolesAccount"];
export type AuditEvent = Schemas["AuditEvent"];
export type AuditPage = Schemas["AuditPageAnswer"];
export type ChallengePrompt = Schemas["ChallengePromptAnswer"];
export type ChallengeApproved = Schemas["ChallengeApproved"];
export type EligibleRole = Schemas["EligibleRoleItem"];
export type EligibleRolesPage = Schemas["EligibleRolesPage"];
export type RoleLoginAnswer = Schemas["RoleLoginAnswer"];
export type RoleMapping = Schemas["RoleMappingItem"];
export type RoleMappingChange = Schemas["RoleMappingChange"];

// Inventory: accounts, resource search, resource details, SCPs, on-demand refresh.
export type InventoryAccount = Schemas["AccountList"]["accounts"][number];
export type AccountList = Schemas["AccountList"];
export type ReadFailure = Schemas["ReadFailureModel"];
export type ResourceSearchPage = Schemas["ResourceSearchPage"];
export type ResourceSearchResult = Schemas["ResourceSummary"];
export type ResourceType = ResourceSearchResult["type"];
export type ResourceLinks = Schemas["ResourceLinksModel"];
export type AccountModel = Schemas["AccountModel"];
export type RoleDetail = Schemas["RoleDetail"];
export type UserDetail = Schemas["UserDetail"];
export type ManagedPolicyDetail = Schemas["ManagedPolicyDetail"];
export type BucketDetail = Schemas["BucketDetail"];
export type QueueDetail = Schemas["QueueDetail"];
export type TopicDetail = Schemas["TopicDetail"];
export type AttachedPolicy = Schemas["AttachedPolicyModel"];
export type ServiceControlPolicies = Schemas["ServiceControlPolicies"];
export type AppliedScp = Schemas["AppliedScp"];
export type RefreshRequest = Schemas["RefreshRequest"];
export type RefreshJob = Schemas["RefreshJob"];

// Permission requests: submit, list, review, act on; policy checks for the editor.
export type ChangeSpec = Schemas["ChangeInput"]["spec"];
export type ChangeType = ChangeSpec["type"];
export type ChangeInput = Schemas["ChangeInput"];
export type SubmitRequest = Schemas["SubmitRequest"];
export type InlinePolicyChange = Schemas["InlinePolicyChange"];
export type AssumeRolePolicyChange = Schemas["AssumeRolePolicyChange"];
export type ManagedPolicyChange = Schemas["ManagedPolicyChange"];
export type ResourcePolicyChange = Schemas["ResourcePolicyChange"];
export type TagChange = Schemas["TagChange"];
export type RequestSummary = Schemas["RequestSummary"];
export type RequestList = Schemas["RequestList"];
export type RequestStatus = RequestSummary["status"];
export type RequestDetail = Schemas["RequestDetail"];
export type ChangeDetail = Schemas["ChangeDetail"];
export type ChangeStatus = ChangeDetail["status"];
export type Finding = Schemas["Finding"];
export type FindingSeverity = Finding["severity"];
export type RequestComment = Schemas["Comment"];
export type RequestApproval = Schemas["Approval"];
export type TimelineEvent = Schemas["TimelineEvent"];
export type RequestCommand = Schemas["CommandBody"];
export type RequestCommandName = RequestCommand["command"];
export type UpdateChangeCommand = Schemas["UpdateChangeCommand"];
export type PolicyCheckRequest = Schemas["PolicyCheckRequest"];
export type PolicyCheckKind = PolicyCheckRequest["kind"];
export type PolicyCheckResult = Schemas["PolicyCheckResult"];
