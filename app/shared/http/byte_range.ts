export type ByteRange = { start: number; end: number }

/**
 * One `Range: bytes=…` request header against a body of `size` bytes (what
 * a <video> element sends to seek). null: no usable range, send the whole
 * body; 'unsatisfiable': answer 416. Several ranges at once are not served
 * (browsers do not ask for them): the whole body is sent instead.
 */
export function parseByteRange(header: string | undefined, size: number) {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/)
  if (!match || (match[1] === '' && match[2] === '')) return null
  let start: number
  let end: number
  if (match[1] === '') {
    // a suffix: the last N bytes
    start = Math.max(0, size - Number(match[2]))
    end = size - 1
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  }
  if (start >= size || start > end) return 'unsatisfiable' as const
  return { start, end } satisfies ByteRange
}
