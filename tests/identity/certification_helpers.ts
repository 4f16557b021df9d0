import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import type Field from '#identity/models/field'
import { UserFactory } from '#database/factories/user_factory'
import { pngFile } from '#tests/helpers'

export const STATEMENT =
  '我从事陶艺二十年，擅长拉坯与柴烧，作品曾在景德镇陶瓷博览会展出，也带过十几位学徒。'

/** Posts the application form (one image) as `user`, in English; the response as it comes. */
export async function postApplication(client: ApiClient, user: User, field: Field) {
  return client
    .post('/certification/apply')
    .loginAs(user)
    .withCsrfToken()
    .redirects(0)
    .header('accept-language', 'en')
    .fields({ fieldId: field.id, statement: STATEMENT, yearsOfPractice: 12 })
    .file('evidence[]', await pngFile('work.png'))
}

/** The user's latest application for the field (a row), after applying through the form. */
export async function appliedFor(client: ApiClient, user: User, field: Field) {
  const response = await postApplication(client, user, field)
  response.assertStatus(302)
  return latestApplication(user, field)
}

export function latestApplication(user: User, field: Field) {
  return db
    .from('certification_applications')
    .where({ user_id: user.id, field_id: field.id })
    .orderBy('id', 'desc')
    .first()
}

export function staffMember(role: 'admin' | 'moderator') {
  return UserFactory.merge({ staffRole: role }).create()
}

/** A staff decision through the review form. */
export function decide(
  client: ApiClient,
  staff: User,
  applicationId: number,
  form: Record<string, string>
) {
  return client
    .post(`/admin/certifications/${applicationId}/decision`)
    .form(form)
    .loginAs(staff)
    .withCsrfToken()
    .redirects(0)
    .header('accept-language', 'en')
}
