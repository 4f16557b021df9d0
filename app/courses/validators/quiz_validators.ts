import vine from '@vinejs/vine'
import { recordIdRule } from '#shared/validators/record_id'
import { QUESTION_KINDS } from '#courses/models/quiz_question'
import { MAX_OPTIONS } from '#courses/services/quiz_rules'

export const quizSettingsValidator = vine.create({
  passPercent: vine.number().withoutDecimals().min(0).max(100),
  // empty: unlimited
  attemptsAllowed: vine.number().withoutDecimals().min(1).max(100).optional(),
  shuffleQuestions: vine.boolean().optional(),
  shuffleOptions: vine.boolean().optional(),
})

/** An option row of the question form: an existing option (id) or a new one; blank new rows are ignored. */
const optionRow = vine.object({
  id: recordIdRule().optional(),
  text: vine.string().trim().maxLength(300).optional(),
  feedback: vine.string().trim().maxLength(500).optional(),
  correct: vine.boolean().optional(),
  remove: vine.boolean().optional(),
})

const questionText = {
  prompt: vine.string().trim().minLength(1).maxLength(1000),
  points: vine.number().withoutDecimals().min(1).max(100),
  explanation: vine.string().trim().maxLength(2000).optional(),
  options: vine
    .array(optionRow)
    .maxLength(MAX_OPTIONS + 4)
    .optional(),
}

export const newQuestionValidator = vine.create({
  kind: vine.enum(QUESTION_KINDS),
  ...questionText,
  // true/false: which of the two is right
  answer: vine.enum(['true', 'false'] as const).optional(),
})

export const questionUpdateValidator = vine.create(questionText)

export const moveValidator = vine.create({
  direction: vine.enum(['up', 'down'] as const),
})

export const photoOptionValidator = vine.create({
  image: vine.file({ size: '10mb', extnames: ['jpg', 'jpeg', 'png', 'webp'] }),
  text: vine.string().trim().maxLength(300).optional(),
  feedback: vine.string().trim().maxLength(500).optional(),
  correct: vine.boolean().optional(),
})

/**
 * Answers as the quiz form sends them: `questions[]` names the questions the
 * request covers (one for a save as the apprentice goes, all for a submit),
 * `answers[q<id>][]` the options chosen for each (none: unanswered).
 */
const asList = (value: unknown) =>
  value === undefined || value === null || Array.isArray(value) ? value : [value]

export const answersValidator = vine.create({
  questions: vine.array(recordIdRule()).maxLength(200).parse(asList).optional(),
  answers: vine
    // one value arrives bare from a client that does not repeat `[]` names
    .record(vine.array(recordIdRule()).maxLength(MAX_OPTIONS).parse(asList))
    .optional(),
})
