/*
| What part of a video has been seen, as sorted stretches [start, end] in
| seconds: stretches that overlap or nearly touch merge, so watching the
| same minute twice counts once. Pure functions (tests/courses/unit).
*/
export type Stretch = [number, number]

/** Gaps shorter than this (seconds) between two stretches are counted as seen. */
const JOIN_GAP = 1

export function addStretch(stretches: Stretch[], start: number, end: number): Stretch[] {
  if (!(end > start) || !Number.isFinite(start) || !Number.isFinite(end)) return stretches
  const merged: Stretch[] = []
  let current: Stretch = [Math.max(0, start), end]
  for (const stretch of stretches) {
    if (stretch[1] + JOIN_GAP < current[0]) merged.push(stretch)
    else if (current[1] + JOIN_GAP < stretch[0]) {
      merged.push(current)
      current = stretch
    } else current = [Math.min(stretch[0], current[0]), Math.max(stretch[1], current[1])]
  }
  merged.push(current)
  return merged.sort((a, b) => a[0] - b[0])
}

/** The share of the video seen, in thousandths (0–1000). */
export function watchedPermille(stretches: Stretch[], duration: number) {
  if (!(duration > 0)) return 0
  const seen = stretches.reduce(
    (sum, [start, end]) => sum + Math.max(0, Math.min(end, duration) - Math.max(start, 0)),
    0
  )
  return Math.min(1000, Math.round((seen / duration) * 1000))
}

/** Stretches kept from an earlier visit (JSON), ignoring anything malformed. */
export function parseStretches(text: string | null): Stretch[] {
  try {
    const value = JSON.parse(text ?? '[]')
    if (!Array.isArray(value)) return []
    return value
      .filter(
        (item): item is Stretch =>
          Array.isArray(item) && item.length === 2 && item.every((n) => typeof n === 'number')
      )
      .reduce<Stretch[]>((all, [start, end]) => addStretch(all, start, end), [])
  } catch {
    return []
  }
}
