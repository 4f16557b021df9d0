/*
| Learning progress as pure functions (unit-tested in tests/courses/unit):
| what counts as done, the course's percentage, and where to go next.
*/

/** A video counts as watched once 90 % of it has been seen. */
export const VIDEO_DONE_PERMILLE = 900

export function videoWatched(watchedPermille: number) {
  return watchedPermille >= VIDEO_DONE_PERMILLE
}

/**
 * The course's progress in whole percent: rounded down, so 100 means every
 * lesson is done (199 of 200 lessons is 99 %, not 100 %).
 */
export function progressPercent(completed: number, total: number) {
  if (total <= 0) return 0
  const done = Math.min(Math.max(completed, 0), total)
  return Math.floor((done * 100) / total)
}

/**
 * The lesson to continue with: the first lesson not yet done after `from`
 * (in syllabus order), else the first not done from the start; null when
 * every lesson is done.
 */
export function nextLesson(
  orderedIds: number[],
  doneIds: ReadonlySet<number>,
  from?: number | null
) {
  const start = from === undefined || from === null ? 0 : orderedIds.indexOf(from) + 1
  for (let i = start; i < orderedIds.length; i++) {
    if (!doneIds.has(orderedIds[i])) return orderedIds[i]
  }
  for (let i = 0; i < Math.min(start, orderedIds.length); i++) {
    if (!doneIds.has(orderedIds[i])) return orderedIds[i]
  }
  return null
}

/**
 * A resume position worth keeping: within the video, and not the very end
 * (a finished video starts again from the beginning).
 */
export function resumePosition(positionSeconds: number, durationSeconds: number) {
  if (!Number.isFinite(positionSeconds) || positionSeconds < 0) return 0
  const position = Math.floor(positionSeconds)
  if (durationSeconds > 0 && position >= durationSeconds - 5) return 0
  return durationSeconds > 0 ? Math.min(position, durationSeconds) : position
}
