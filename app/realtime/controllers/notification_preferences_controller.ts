import type { HttpContext } from '@adonisjs/core/http'
import { notificationKinds } from '#realtime/services/notification_kinds'
import { notificationPreferences } from '#realtime/services/notification_preferences'
import { preferencesValidator } from '#realtime/validators/notification_validators'

/** The topics this reader is offered (review notices are for staff). */
function topicsFor(isStaff: boolean) {
  return notificationKinds.topics().filter((spec) => isStaff || !spec.staffOnly)
}

export default class NotificationPreferencesController {
  async show({ view, auth }: HttpContext) {
    const user = auth.user!
    const chosen = await notificationPreferences.forUser(user.id)
    const topics = topicsFor(user.isStaff).map((spec) => ({
      topic: spec.topic,
      nameKey: spec.nameKey,
      hintKey: spec.hintKey,
      mail: spec.mail,
      ...chosen[spec.topic],
    }))
    return view.render('realtime/notification_preferences', { topics })
  }

  /** Every offered topic is saved: an unchecked box (not sent) means "off"; others are ignored. */
  async update({ request, response, session, auth, i18n }: HttpContext) {
    const { topics } = await request.validateUsing(preferencesValidator)
    const user = auth.user!
    const choices: Record<string, { inApp: boolean; email: boolean }> = {}
    for (const { topic } of topicsFor(user.isStaff)) {
      choices[topic] = {
        inApp: Boolean(topics?.[topic]?.inApp),
        email: Boolean(topics?.[topic]?.email),
      }
    }
    await notificationPreferences.save(user.id, choices)
    session.flash('success', i18n.t('notifications.preferences.saved'))
    return response.redirect().toRoute('settings.notifications')
  }
}
