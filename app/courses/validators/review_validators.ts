import vine from '@vinejs/vine'

export const REVIEW_REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const

export const reviewValidator = vine.create({
  rating: vine.number().withoutDecimals().min(1).max(5),
  body: vine.string().trim().minLength(1).maxLength(2000),
})

export const reviewReplyValidator = vine.create({
  reply: vine.string().trim().minLength(1).maxLength(2000),
})

export const reviewReportValidator = vine.create({
  reason: vine.enum(REVIEW_REPORT_REASONS),
})
