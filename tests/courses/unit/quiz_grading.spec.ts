import { test } from '@japa/runner'
import { gradeQuiz, scorePercent, type GradedQuestion } from '#courses/services/quiz_grading'
import { attemptOrder, seededShuffle } from '#courses/services/quiz_order'
import { optionsProblem } from '#courses/services/quiz_rules'

const single: GradedQuestion = {
  id: 1,
  kind: 'single',
  points: 1,
  options: [
    { id: 11, isCorrect: true },
    { id: 12, isCorrect: false },
    { id: 13, isCorrect: false },
  ],
}
const multiple: GradedQuestion = {
  id: 2,
  kind: 'multiple',
  points: 3,
  options: [
    { id: 21, isCorrect: true },
    { id: 22, isCorrect: true },
    { id: 23, isCorrect: false },
  ],
}
const trueFalse: GradedQuestion = {
  id: 3,
  kind: 'true_false',
  points: 1,
  options: [
    { id: 31, isCorrect: false },
    { id: 32, isCorrect: true },
  ],
}
const photo: GradedQuestion = {
  id: 4,
  kind: 'photo',
  points: 5,
  options: [
    { id: 41, isCorrect: false },
    { id: 42, isCorrect: true },
    { id: 43, isCorrect: false },
  ],
}
const all = [single, multiple, trueFalse, photo]
const answers = (entries: [number, number[]][]) => new Map(entries)

test.group('Quiz grading', () => {
  test('a single-choice question scores with its correct option only', ({ assert }) => {
    assert.isTrue(gradeQuiz([single], answers([[1, [11]]]), 100).questions.get(1)!.correct)
    assert.isFalse(gradeQuiz([single], answers([[1, [12]]]), 100).questions.get(1)!.correct)
    // two options sent for a single choice (a forged form) is wrong, even with the right one
    assert.isFalse(gradeQuiz([single], answers([[1, [11, 12]]]), 100).questions.get(1)!.correct)
  })

  test('a multiple-choice question is all-or-nothing: exactly the correct options', ({
    assert,
  }) => {
    const grade = (chosen: number[]) => gradeQuiz([multiple], answers([[2, chosen]]), 50)
    assert.equal(grade([21, 22]).score, 3)
    assert.equal(grade([22, 21]).score, 3)
    assert.equal(grade([21]).score, 0)
    assert.equal(grade([21, 22, 23]).score, 0)
    assert.equal(grade([23]).score, 0)
    assert.isTrue(grade([21, 22]).passed)
    assert.isFalse(grade([21]).passed)
  })

  test('true/false and photo questions are right with the one correct option', ({ assert }) => {
    const grade = gradeQuiz(
      [trueFalse, photo],
      answers([
        [3, [32]],
        [4, [42]],
      ]),
      100
    )
    assert.deepEqual([grade.score, grade.maxScore, grade.passed], [6, 6, true])
    const wrong = gradeQuiz(
      [trueFalse, photo],
      answers([
        [3, [31]],
        [4, [41]],
      ]),
      1
    )
    assert.deepEqual([wrong.score, wrong.passed], [0, false])
  })

  test('an unanswered question earns nothing but counts in the maximum', ({ assert }) => {
    const grade = gradeQuiz(all, answers([[1, [11]]]), 0)
    assert.equal(grade.score, 1)
    assert.equal(grade.maxScore, 10)
    assert.deepEqual(grade.questions.get(2), { chosen: [], correct: false, earned: 0 })
    assert.deepEqual(grade.questions.get(4), { chosen: [], correct: false, earned: 0 })
    const empty = gradeQuiz(all, answers([[2, []]]), 0)
    assert.equal(empty.score, 0)
    // a pass mark of 0 passes anything, even nothing answered
    assert.isTrue(empty.passed)
  })

  test('points weight the score: the photo question is worth five single ones', ({ assert }) => {
    const photoOnly = gradeQuiz(all, answers([[4, [42]]]), 50)
    const othersOnly = gradeQuiz(
      all,
      answers([
        [1, [11]],
        [3, [32]],
      ]),
      50
    )
    assert.equal(photoOnly.score, 5)
    assert.equal(othersOnly.score, 2)
    assert.isTrue(photoOnly.passed)
    assert.isFalse(othersOnly.passed)
  })

  test('the pass mark boundary passes; one point below does not', ({ assert }) => {
    // 10 points: 7 reached at a 70 % pass mark passes, 6 does not
    const grade = gradeQuiz(
      all,
      answers([
        [1, [11]],
        [3, [32]],
        [4, [42]],
      ]),
      70
    )
    assert.deepEqual([grade.score, grade.passed], [7, true])
    const six = answers([
      [1, [11]],
      [4, [42]],
    ])
    assert.equal(gradeQuiz(all, six, 70).score, 6)
    assert.isFalse(gradeQuiz(all, six, 70).passed)
    assert.isTrue(gradeQuiz(all, six, 60).passed)
    // 1 of 4 points: exactly 25 % passes a 25 % mark, not a 26 % one
    const third = gradeQuiz([multiple, single], answers([[1, [11]]]), 25)
    assert.deepEqual([third.score, third.maxScore, third.passed], [1, 4, true])
    assert.isFalse(gradeQuiz([multiple, single], answers([[1, [11]]]), 26).passed)
    assert.equal(scorePercent(2, 3), 66)
  })

  test('options of another question are ignored, and a quiz without points never passes', ({
    assert,
  }) => {
    const grade = gradeQuiz([single], answers([[1, [11, 21]]]), 100)
    assert.deepEqual(grade.questions.get(1)!.chosen, [11])
    assert.isTrue(grade.passed)
    assert.isFalse(gradeQuiz([], new Map(), 0).passed)
  })
})

test.group('Quiz order and rules', () => {
  test('a seed gives the same order every time, another seed another order', ({ assert }) => {
    const ids = Array.from({ length: 12 }, (_, i) => i + 1)
    assert.deepEqual(seededShuffle(ids, 42), seededShuffle(ids, 42))
    assert.notDeepEqual(seededShuffle(ids, 42), seededShuffle(ids, 43))
    assert.sameMembers(seededShuffle(ids, 42), ids)
    const questions = ids.map((id) => ({ id, options: [{ id: id * 10 }, { id: id * 10 + 1 }] }))
    assert.deepEqual(
      attemptOrder(questions, 7, { questions: false, options: false }).map((q) => q.id),
      ids
    )
    const shuffled = attemptOrder(questions, 7, { questions: true, options: true })
    assert.deepEqual(shuffled, attemptOrder(questions, 7, { questions: true, options: true }))
    assert.notDeepEqual(
      shuffled.map((q) => q.id),
      ids
    )
  })

  test('each kind has its rule for options', ({ assert }) => {
    const c = (isCorrect: boolean) => ({ isCorrect })
    assert.isNull(optionsProblem('single', [c(true), c(false)]))
    assert.equal(optionsProblem('single', [c(true), c(true)]), 'single_one_correct')
    assert.equal(optionsProblem('single', [c(true)]), 'needs_two_options')
    assert.isNull(optionsProblem('multiple', [c(true), c(true), c(false)]))
    assert.equal(optionsProblem('multiple', [c(false), c(false)]), 'multiple_needs_correct')
    assert.equal(optionsProblem('true_false', [c(false), c(false)]), 'true_false_one_answer')
    assert.equal(optionsProblem('photo', [c(true)]), 'photo_needs_two')
    assert.equal(optionsProblem('photo', [c(false), c(false)]), 'photo_one_correct')
    assert.equal(
      optionsProblem(
        'multiple',
        Array.from({ length: 11 }, () => c(true))
      ),
      'too_many_options'
    )
  })
})
