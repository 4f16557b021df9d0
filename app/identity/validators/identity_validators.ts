import vine from '@vinejs/vine'
import { recordIdRule } from '#shared/validators/record_id'

export const switchIdentityValidator = vine.create({
  identityId: recordIdRule(),
  back: vine.string().maxLength(2000).optional(),
})

/** Onboarding: the fields the new user wants to learn, each becomes an apprentice identity. */
export const onboardingValidator = vine.create({
  fields: vine.array(recordIdRule()).minLength(1).maxLength(20).distinct(),
})
