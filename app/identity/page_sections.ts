import { pageSections } from '#shared/http/page_sections'
import type { IdentitySummary } from '#identity/services/identity_service'
import type { UserCard } from '#identity/services/user_directory'

/** What a profile section is given: the person, their public identities, who is looking. */
export type ProfileSubject = {
  profile: UserCard
  identities: IdentitySummary[]
  viewerId: number | null
}

/** What a field-page section is given: the field and who is looking. */
export type FieldSubject = {
  field: { id: number; slug: string; nameZh: string; nameEn: string }
  viewerId: number | null
}

/*
| The public profile and the field page belong to identity; other modules
| add their sections at boot ("courses by this master", "session types and
| next slots", "recent posts"), so identity never imports them. A section's
| load() returns its component's props, or null to stay off the page.
| Anonymous pages are cached: a section must not depend on the viewer when
| viewerId is null, and its module purges the page when what it shows changes
| (publicPages.profile(userId, trx) / publicPages.field(slug, trx) from
| #identity/index, after its change commits).
*/

/** Sections of the public profile, below the identities. */
export const profileSections = pageSections<ProfileSubject>('profile')

/** Actions in the profile's head, beside the name (e.g. "send a message"). */
export const profileActions = pageSections<ProfileSubject>('profile actions')

/** Sections of a field page, below its introduction. */
export const fieldPageSections = pageSections<FieldSubject>('field')

/** What a dashboard section is given: the user and the identity they are acting as. */
export type DashboardSubject = { userId: number; identity: IdentitySummary }

/*
| Sections of the signed-in dashboard (apprentice and master), below identity's
| own card: "continue learning", "my courses". Per user, never cached; a section
| that does not concern the active identity returns null.
*/
export const dashboardSections = pageSections<DashboardSubject>('dashboard')
