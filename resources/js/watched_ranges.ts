/*
| What part of a video has been seen, as sorted stretches [start, end] in
| seconds: stretches that overlap or nearly touch merge, so watching the
| same minute twice counts once. Pure functions (tests/courses/unit).
*/
export type Stretch = [number, number]

/** Gaps shorter than this (seconds) between two stretches are counted as seen. */
const JOIN_GAP = 1

export function addStretch(stretches: Stretch[], start: number, end: number): Stretch[] {
  if (!Number.isFinite(start) || !Number.isFinite(end) || !(end > start)) return stretches
  const merged: Stretch[] = []
  const sorted = [...stretches, [Math.max(0, start), end] as Stretch].sort((a, b) => a[0] - b[0])
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1]
    if (last && from <= last[1] + JOIN_GAP) last[1] = Math.max(last[1], to)
    else merged.push([from, to])
  }
  return merged
}

/** The share of the video seen, in thousandths (0–1000). */
export function watchedPermille(stretches: Stretch[], duration: number) {
  if (!(duration > 0)) return 0
  let seen = 0
  for (const [start, end] of stretches) seen += Math.max(0, Math.min(end, duration) - start)
  return Math.min(1000, Math.round((seen / duration) * 1000))
}

/** Stretches kept from an earlier visit (JSON), ignoring anything malformed. */
export function parseStretches(text: string | null): Stretch[] {
  try {
    let stretches: Stretch[] = []
    for (const item of JSON.parse(text ?? '[]')) {
      stretches = addStretch(stretches, item?.[0], item?.[1])
    }
    return stretches
  } catch {
    return []
  }
}
