import { test } from '@japa/runner'
import { formatCoursePrice, formatDuration } from '#courses/services/course_format'

test.group('Course formats', () => {
  test('a duration reads in the reader’s language and never breaks between number and unit', ({
    assert,
  }) => {
    assert.equal(formatDuration(45, 'zh-CN'), '45\u00a0秒')
    assert.equal(formatDuration(8, 'en'), '8\u00a0s')
    assert.equal(formatDuration(720, 'en'), '12\u00a0min')
    assert.equal(formatDuration(3900, 'zh-CN'), '1\u00a0小时\u00a05\u00a0分')
    assert.notInclude(formatDuration(3900, 'en'), ' ')
    assert.equal(formatDuration(-5, 'en'), '0\u00a0s')
  })

  test('a price is free or yuan from fen', ({ assert }) => {
    assert.equal(formatCoursePrice(0, 'zh-CN'), '免费')
    assert.equal(formatCoursePrice(0, 'en'), 'Free')
    assert.include(formatCoursePrice(12900, 'en'), '129.00')
  })
})
