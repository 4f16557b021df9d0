import { urlFor } from '@adonisjs/core/services/url_builder'
import type { PageSection } from '#shared/http/page_sections'
import type { FieldSubject, ProfileSubject } from '#identity/page_sections'
import { identityService } from '#identity/services/identity_service'
import { portfolioService } from '#identity/services/portfolio_service'

/** The works of each public identity, under that identity's label. */
export const portfolioSection: PageSection<ProfileSubject> = {
  name: 'portfolio',
  order: 50,
  component: 'identity/portfolio/_profile_section',
  async load({ identities }) {
    const works = await portfolioService.byIdentity(identities.map(({ id }) => id))
    const groups = identities
      .map((identity) => ({ identity, works: works.get(identity.id) ?? [] }))
      .filter((group) => group.works.length)
    if (!groups.length) return null
    // the first work is likely the profile's largest paint: fetched at once and preloaded
    const leadKey = groups[0].works[0].imageKey
    return { groups, leadKey, leadImage: urlFor('portfolio.image', { key: leadKey }) }
  },
}

/** The field's certified masters, linking to their profiles. */
export const mastersSection: PageSection<FieldSubject> = {
  name: 'masters',
  order: 10,
  component: 'identity/fields/_masters',
  async load({ field }) {
    return { masters: await identityService.certifiedMastersOf(field.id) }
  },
}
