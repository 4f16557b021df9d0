import vine from '@vinejs/vine'
import { locales } from '#config/i18n'

const email = () => vine.string().trim().toLowerCase().email().maxLength(254)
const newPassword = () => vine.string().minLength(8).maxLength(72)
const displayName = () => vine.string().trim().minLength(1).maxLength(50)

const knownTimeZones = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'))

export const signupValidator = vine.create({
  email: email(),
  password: newPassword(),
  displayName: displayName(),
  // the browser's zone, filled in by the page's script; anything else leaves the default
  timeZone: vine
    .string()
    .optional()
    .transform((zone) => (knownTimeZones.has(zone) ? zone : undefined)),
})

export const loginValidator = vine.create({
  email: email(),
  password: vine.string().maxLength(200),
  remember: vine.boolean().optional(),
})

export const forgotPasswordValidator = vine.create({
  email: email(),
})

export const resetPasswordValidator = vine.create({
  password: newPassword().confirmed({ confirmationField: 'passwordConfirmation' }),
})

export const changePasswordValidator = vine.create({
  currentPassword: vine.string().maxLength(200),
  password: newPassword().confirmed({ confirmationField: 'passwordConfirmation' }),
})

export const changeEmailValidator = vine.create({
  email: email(),
  currentPassword: vine.string().maxLength(200),
})

export const deleteAccountValidator = vine.create({
  currentPassword: vine.string().maxLength(200),
  confirm: vine.accepted(),
})

export const profileValidator = vine.create({
  displayName: displayName(),
  bio: vine.string().trim().maxLength(500).optional(),
  locale: vine.enum(locales),
  timeZone: vine.string().in([...knownTimeZones]),
  avatar: vine.file({ size: '2mb', extnames: ['jpg', 'jpeg', 'png', 'webp', 'gif'] }).optional(),
  removeAvatar: vine.boolean().optional(),
})
