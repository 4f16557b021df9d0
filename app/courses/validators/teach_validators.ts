import vine from '@vinejs/vine'
import { COURSE_LANGUAGES, COURSE_LEVELS } from '#courses/models/course'
import { LESSON_KINDS } from '#courses/models/lesson'
import { recordIdRule } from '#shared/validators/record_id'

/** The most a price may be (the database's limit): one million yuan. */
export const MAX_PRICE_FEN = 100_000_000
const MAX_LINES = 20
const MAX_LINE_LENGTH = 160

/** "129" or "129.5" yuan → fen, exactly (no floating point); null when not an amount. */
export function yuanToFen(text: string): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** One entry per line, blank lines dropped. */
export const linesOf = (text: string | undefined | null) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)

const fewShortLines = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const lines = linesOf(value)
  if (lines.length > MAX_LINES) {
    field.report('At most {max} lines', 'tooManyLines', field, { max: MAX_LINES })
  } else if (lines.some((line) => line.length > MAX_LINE_LENGTH)) {
    field.report('A line can have at most {max} characters', 'lineTooLong', field, {
      max: MAX_LINE_LENGTH,
    })
  }
})

const price = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const fen = yuanToFen(value)
  if (fen === null || fen <= 0 || fen > MAX_PRICE_FEN) {
    field.report('Enter a price in yuan up to {max}', 'coursePrice', field, {
      max: MAX_PRICE_FEN / 100,
    })
  }
})

export const courseDetailsValidator = vine.create({
  title: vine.string().trim().minLength(2).maxLength(120),
  subtitle: vine.string().trim().maxLength(200).optional(),
  level: vine.enum(COURSE_LEVELS),
  language: vine.enum(COURSE_LANGUAGES),
  description: vine.string().trim().maxLength(20_000).optional(),
  outcomes: vine.string().trim().use(fewShortLines()).optional(),
  requirements: vine.string().trim().use(fewShortLines()).optional(),
  pricing: vine.enum(['free', 'paid'] as const),
  price: vine.string().trim().use(price()).optional().requiredWhen('pricing', '=', 'paid'),
})

export const coverValidator = vine.create({
  cover: vine.file({ size: '8mb', extnames: ['jpg', 'jpeg', 'png', 'webp'] }),
})

const title = vine.string().trim().minLength(1).maxLength(120)

export const sectionValidator = vine.create({ title })

export const moveValidator = vine.create({ direction: vine.enum(['up', 'down'] as const) })

export const newLessonValidator = vine.create({
  sectionId: recordIdRule(),
  kind: vine.enum(LESSON_KINDS),
  title,
})

export const lessonValidator = vine.create({ title, isPreview: vine.boolean().optional() })

export const textLessonValidator = vine.create({
  markdown: vine.string().maxLength(100_000).optional(),
  image: vine.file({ size: '8mb', extnames: ['jpg', 'jpeg', 'png', 'webp'] }).optional(),
})

/**
 * The whole syllabus in its new order, in one field (no form-array limits):
 * `sectionId:lessonId,lessonId;sectionId:…`, sections and lessons in order
 * (a section may be empty). Whether it names exactly this course's rows is
 * the service's check.
 */
const ID = '[1-9]\\d{0,14}'
const SECTION = `${ID}:(?:${ID}(?:,${ID})*)?`
export const orderValidator = vine.create({
  order: vine
    .string()
    .maxLength(20_000)
    .regex(new RegExp(`^${SECTION}(?:;${SECTION})*$`))
    .transform((value) =>
      value.split(';').map((entry) => {
        const [section, lessons] = entry.split(':')
        return { id: Number(section), lessons: lessons ? lessons.split(',').map(Number) : [] }
      })
    ),
})
