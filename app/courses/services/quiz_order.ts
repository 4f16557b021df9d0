/**
 * The order an attempt shows its questions and options in: shuffled (when
 * the quiz says so) from the attempt's seed, so the same attempt shows the
 * same order on every load and another attempt another one.
 */

/** mulberry32: a small, fast, seedable generator (not for secrets). */
function generator(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The items in the order the seed gives (Fisher–Yates); the input is not changed. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const random = generator(seed)
  const shuffled = [...items]
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]
  }
  return shuffled
}

type Ordered = { id: number; options: { id: number }[] }

/** Questions, and each question's options, in this attempt's order. */
export function attemptOrder<Q extends Ordered>(
  questions: Q[],
  seed: number,
  shuffle: { questions: boolean; options: boolean }
): Q[] {
  const ordered = shuffle.questions ? seededShuffle(questions, seed) : questions
  if (!shuffle.options) return ordered
  // each question's options from its own seed: adding a question does not reorder the others' options
  return ordered.map((question) => ({
    ...question,
    options: seededShuffle(question.options, (seed ^ Math.imul(question.id, 0x9e3779b1)) >>> 0),
  }))
}
