import { errors } from '@vinejs/vine'

/** A form error found after validation (wrong current password, bad image …), shown like any other. */
export function fieldError(field: string, message: string) {
  return new errors.E_VALIDATION_ERROR([{ field, rule: 'custom', message }])
}
