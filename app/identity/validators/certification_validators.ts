import vine from '@vinejs/vine'
import { recordIdRule } from '#shared/validators/record_id'

const applicationFields = {
  statement: vine.string().trim().minLength(30).maxLength(5000),
  yearsOfPractice: vine.number().withoutDecimals().min(0).max(80),
  lineage: vine.string().trim().maxLength(200).optional(),
  // one link per line (portfolio, press, exhibitions)
  links: vine.string().trim().maxLength(2000).optional(),
}

export const applyValidator = vine.create({
  fieldId: recordIdRule(),
  ...applicationFields,
  evidence: vine
    .array(vine.file({ size: '40mb' }))
    .minLength(1)
    .maxLength(10),
})

export const resubmitValidator = vine.create({
  ...applicationFields,
  evidence: vine
    .array(vine.file({ size: '40mb' }))
    .maxLength(10)
    .optional(),
})

export const decisionValidator = vine.create({
  decision: vine.enum(['approve', 'reject', 'request_info'] as const),
  note: vine.string().trim().maxLength(2000).optional(),
})

export const reviewFiltersValidator = vine.create({
  status: vine.enum(['pending', 'approved', 'rejected', 'more_info_requested'] as const).optional(),
  fieldId: recordIdRule().optional(),
  page: vine.number().withoutDecimals().min(1).max(10000).optional(),
})

/** The links textarea: each non-empty line must be an http(s) URL. */
export function parseLinks(text: string | undefined) {
  const lines = (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
  const valid = lines.every((line) => {
    try {
      return ['http:', 'https:'].includes(new URL(line).protocol)
    } catch {
      return false
    }
  })
  return valid && lines.length <= 10 ? lines : null
}
