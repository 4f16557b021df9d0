import { test } from '@japa/runner'
import {
  addStretch,
  parseStretches,
  watchedPermille,
} from '../../../resources/js/watched_ranges.js'

test.group('Watched stretches of a video (the player)', () => {
  test('overlapping and nearly touching stretches merge; apart ones stay apart, in order', ({
    assert,
  }) => {
    let stretches = addStretch([], 10, 20)
    stretches = addStretch(stretches, 15, 30)
    assert.deepEqual(stretches, [[10, 30]])
    stretches = addStretch(stretches, 50, 60)
    stretches = addStretch(stretches, 0, 5)
    assert.deepEqual(stretches, [
      [0, 5],
      [10, 30],
      [50, 60],
    ])
    // a gap under a second counts as seen; one stretch spanning several swallows them
    assert.deepEqual(addStretch(stretches, 30.5, 49.5), [
      [0, 5],
      [10, 60],
    ])
    assert.deepEqual(addStretch(stretches, 2, 55), [[0, 60]])
  })

  test('an empty, reversed or impossible stretch changes nothing', ({ assert }) => {
    const stretches = addStretch([], 10, 20)
    assert.deepEqual(addStretch(stretches, 5, 5), stretches)
    assert.deepEqual(addStretch(stretches, 8, 3), stretches)
    assert.deepEqual(addStretch(stretches, Number.NaN, 3), stretches)
  })

  test('watching the same minute twice counts once', ({ assert }) => {
    let stretches = addStretch([], 0, 60)
    stretches = addStretch(stretches, 0, 60)
    assert.equal(watchedPermille(stretches, 120), 500)
    assert.equal(watchedPermille(addStretch(stretches, 60, 108), 120), 900)
    // never past the end, never over 1000; an unknown duration counts nothing
    assert.equal(watchedPermille([[0, 500]], 120), 1000)
    assert.equal(watchedPermille([[0, 10]], Number.NaN), 0)
  })

  test('stretches kept from an earlier visit are read back, anything malformed ignored', ({
    assert,
  }) => {
    assert.deepEqual(parseStretches('[[0,10],[5,20],[40,50]]'), [
      [0, 20],
      [40, 50],
    ])
    assert.deepEqual(parseStretches('[[0,"x"],[1],{"a":1},[3,4]]'), [[3, 4]])
    assert.deepEqual(parseStretches('not json'), [])
    assert.deepEqual(parseStretches(null), [])
  })
})
