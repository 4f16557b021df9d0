import type Course from '#courses/models/course'
import type Lesson from '#courses/models/lesson'
import type { LessonKind } from '#courses/models/lesson'
import type Enrollment from '#courses/models/enrollment'

/** Who is looking at a lesson, and why they may. */
export type LessonViewer = {
  userId: number | null
  /** owner: the course's master identity; enrolled: an active enrollment; preview: a preview lesson */
  access: 'owner' | 'enrolled' | 'preview'
  enrollment: Enrollment | null
  /** The viewer asked for light media: `Save-Data: on`, or "data saver" in their settings. */
  saveData: boolean
}

/**
 * What each lesson kind adds to the pages that show a lesson: the learner's
 * lesson page (the player) and the master's lesson editor. A kind's files
 * (video, quiz) register here at boot (start of services/lesson_kind_setup.ts),
 * so the pages render any kind without naming it.
 */
export type LessonKindParts = {
  /** Edge component showing the lesson to a learner; given `props` from `loadPlayer`. */
  player: string
  loadPlayer: (
    lesson: Lesson,
    course: Course,
    viewer: LessonViewer
  ) => Promise<Record<string, unknown>>
  /** Edge component editing the lesson's content, under its title on the editor page. */
  editor: string
  loadEditor: (lesson: Lesson, course: Course) => Promise<Record<string, unknown>>
}

const kinds = new Map<LessonKind, LessonKindParts>()

export const lessonKinds = {
  /** Registers a kind's parts; returns the function that unregisters them. */
  register(kind: LessonKind, parts: LessonKindParts) {
    if (kinds.has(kind)) throw new Error(`lesson kind "${kind}" is already registered`)
    kinds.set(kind, parts)
    return () => {
      if (kinds.get(kind) === parts) kinds.delete(kind)
    }
  },

  of(kind: LessonKind): LessonKindParts {
    const parts = kinds.get(kind)
    if (!parts) throw new Error(`lesson kind "${kind}" has no parts registered`)
    return parts
  },
}
