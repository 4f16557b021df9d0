import vine from '@vinejs/vine'
import { locales } from '#config/i18n'
import { canonicalTimeZone, timeZones } from '#identity/services/time_zone_options'

const email = () => vine.string().trim().toLowerCase().email().maxLength(254)
const newPassword = () => vine.string().minLength(8).maxLength(72)
const displayName = () => vine.string().trim().minLength(1).maxLength(50)

export const signupValidator = vine.create({
  email: email(),
  password: newPassword(),
  displayName: displayName(),
  // the browser's zone, filled in by the page's script (in the settings' spelling); anything else leaves the default
  timeZone: vine.string().optional().transform(canonicalTimeZone),
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
  timeZone: vine.string().in(timeZones),
  avatar: vine.file({ size: '2mb', extnames: ['jpg', 'jpeg', 'png', 'webp', 'gif'] }).optional(),
  removeAvatar: vine.boolean().optional(),
  dataSaver: vine.boolean().optional(),
})
