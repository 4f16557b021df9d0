import vine from '@vinejs/vine'

/** The analytics page's query: enrollments per day (the default) or per week. */
export const analyticsQueryValidator = vine.create({
  period: vine.enum(['day', 'week'] as const).optional(),
})
