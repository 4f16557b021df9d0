/*
| The identity module's public surface: what other modules may use.
*/
export { fieldCatalogue, type FieldSummary } from '#identity/services/field_catalogue'
export { mailRecipients, type MailRecipient } from '#identity/services/mail_recipients'
export { userDirectory, type UserCard } from '#identity/services/user_directory'
export { identityDirectory, type IdentityCard } from '#identity/services/identity_directory'
export type { IdentitySummary } from '#identity/services/identity_service'
export { identityNotificationTopics } from '#identity/notification_topics'

/*
| Sections of identity's public pages that other modules fill in at boot
| (page_sections.ts): profileSections, profileActions, fieldPageSections, dashboardSections.
*/
/*
| publicPages.profile(userId, trx) / publicPages.field(slug, trx): a module whose
| section of a profile or field page changed purges that page from the
| anonymous page cache, on every instance, once its change commits.
*/
export { publicPages } from '#identity/services/public_pages'

export {
  profileSections,
  profileActions,
  fieldPageSections,
  dashboardSections,
  type DashboardSubject,
  type ProfileSubject,
  type FieldSubject,
} from '#identity/page_sections'

/** This module's Bouncer policies, registered with the others in start/policies.ts. */
export const identityPolicies = {
  FieldPolicy: () => import('#identity/policies/field_policy'),
  CertificationPolicy: () => import('#identity/policies/certification_policy'),
  TeachingPolicy: () => import('#identity/policies/teaching_policy'),
  PortfolioPolicy: () => import('#identity/policies/portfolio_policy'),
  ApiTokenPolicy: () => import('#identity/policies/api_token_policy'),
}

/*
| What needs a verified email address, for every module: a policy returns
| `verifiedEmailFor(user, 'community.post')` (a refusal that prompts to verify),
| or asks the `verifiedEmail` ability. The actions are listed in
| policies/verified_email.ts.
*/
export {
  verifiedEmail,
  verifiedEmailFor,
  VERIFIED_EMAIL_ACTIONS,
  type VerifiedEmailAction,
  type VerifiableUser,
} from '#identity/policies/verified_email'
