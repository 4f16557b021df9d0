import vine from '@vinejs/vine'

export const switchIdentityValidator = vine.create({
  identityId: vine.number().withoutDecimals().positive(),
  back: vine.string().maxLength(2000).optional(),
})

/** Onboarding: the fields the new user wants to learn, each becomes an apprentice identity. */
export const onboardingValidator = vine.create({
  fields: vine
    .array(vine.number().withoutDecimals().positive())
    .minLength(1)
    .maxLength(20)
    .distinct(),
})
