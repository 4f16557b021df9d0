import vine from '@vinejs/vine'
import { locales } from '#config/i18n'

export const localeValidator = vine.create({
  locale: vine.enum(locales),
  back: vine.string().maxLength(2000).optional(),
})
