import { test } from '@japa/runner'
import { parseByteRange } from '#shared/http/byte_range'

test.group('parseByteRange', () => {
  test('{header} of 1000 bytes → {expected}')
    .with([
      { header: undefined, expected: null },
      { header: 'bytes=0-99', expected: { start: 0, end: 99 } },
      { header: 'bytes=500-', expected: { start: 500, end: 999 } },
      { header: 'bytes=-100', expected: { start: 900, end: 999 } },
      { header: 'bytes=900-5000', expected: { start: 900, end: 999 } },
      { header: 'bytes=1000-', expected: 'unsatisfiable' },
      { header: 'bytes=50-10', expected: 'unsatisfiable' },
      { header: 'bytes=0-1,5-9', expected: null },
      { header: 'items=0-9', expected: null },
      { header: 'bytes=-', expected: null },
    ])
    .run(({ assert }, { header, expected }) => {
      assert.deepEqual(parseByteRange(header, 1000), expected as never)
    })
})
