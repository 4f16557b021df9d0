import { test } from '@japa/runner'
import {
  nextLesson,
  progressPercent,
  resumePosition,
  videoWatched,
} from '#courses/services/progress_maths'

test.group('Progress maths', () => {
  test('progress is rounded down, so 100 % means every lesson is done', ({ assert }) => {
    assert.equal(progressPercent(0, 3), 0)
    assert.equal(progressPercent(1, 3), 33)
    assert.equal(progressPercent(2, 3), 66)
    assert.equal(progressPercent(199, 200), 99)
    assert.equal(progressPercent(3, 3), 100)
  })

  test('a course without lessons is 0 %, and more done than exist is capped', ({ assert }) => {
    assert.equal(progressPercent(0, 0), 0)
    assert.equal(progressPercent(5, 3), 100)
    assert.equal(progressPercent(-1, 3), 0)
  })

  test('a video is watched from 90 %', ({ assert }) => {
    assert.isFalse(videoWatched(899))
    assert.isTrue(videoWatched(900))
    assert.isTrue(videoWatched(1000))
  })

  test('the next lesson is the first not done after this one, then from the start', ({
    assert,
  }) => {
    const order = [1, 2, 3, 4]
    assert.equal(nextLesson(order, new Set(), null), 1)
    assert.equal(nextLesson(order, new Set([1, 2]), 1), 3)
    assert.equal(nextLesson(order, new Set([3, 4]), 3), 1)
    assert.equal(nextLesson(order, new Set([1]), 4), 2)
    assert.isNull(nextLesson(order, new Set(order), 2))
  })

  test('a resume position stays inside the video and restarts a finished one', ({ assert }) => {
    assert.equal(resumePosition(42.7, 120), 42)
    assert.equal(resumePosition(118, 120), 0)
    assert.equal(resumePosition(-3, 120), 0)
    assert.equal(resumePosition(Number.NaN, 120), 0)
    assert.equal(resumePosition(500, 0), 500)
  })
})
