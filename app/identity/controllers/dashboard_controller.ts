import type { HttpContext } from '@adonisjs/core/http'
import { identityService } from '#identity/services/identity_service'
import { onboardingValidator } from '#identity/validators/identity_validators'
import Field from '#identity/models/field'
import { fieldCatalogue } from '#identity/services/field_catalogue'
import { certificationService } from '#identity/services/certification_service'
import { dashboardSections } from '#identity/page_sections'
import { ACTIVE_IDENTITY_KEY } from '#identity/middleware/current_user_middleware'

export default class DashboardController {
  /** What the user sees follows the active identity: onboarding, apprentice or master. */
  async show({ view, identity, auth }: HttpContext) {
    if (!identity) {
      // staff joined no field: their tools, not the learner onboarding
      if (auth.user!.isStaff) return view.render('identity/dashboard/staff')
      const fields = await fieldCatalogue.active()
      return view.render('identity/dashboard/onboarding', { fields })
    }
    const applicationId =
      identity.role === 'master'
        ? await identityService.applicationIdOf(auth.user!, identity.id)
        : null
    // a rejected master may apply again, maybe after a cool-down (the page says when)
    const reapplyInDays =
      identity.role === 'master' && identity.status === 'rejected'
        ? await certificationService.daysBeforeReapplying(identity.id)
        : null
    const sections = await dashboardSections.render({ userId: auth.user!.id, identity })
    return view.render(`identity/dashboard/${identity.role}`, {
      applicationId,
      reapplyInDays,
      sections,
    })
  }

  /** Onboarding: the chosen fields of interest become apprentice identities. */
  async onboard({ request, response, session, auth, i18n }: HttpContext) {
    const { fields: ids } = await request.validateUsing(onboardingValidator)
    const fields = await Field.query().whereIn('id', ids).where('active', true)
    if (fields.length !== ids.length) {
      session.flash('error', i18n.t('identity.unknown_field'))
      return response.redirect().toRoute('dashboard')
    }
    const identities = []
    for (const field of fields)
      identities.push(await identityService.becomeApprentice(auth.user!, field))
    session.put(ACTIVE_IDENTITY_KEY, identities[0].id)
    session.flash('success', i18n.t('identity.onboarded', { count: fields.length }))
    return response.redirect().toRoute('dashboard')
  }
}
