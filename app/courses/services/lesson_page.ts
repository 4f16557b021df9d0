import type Course from '#courses/models/course'
import type Lesson from '#courses/models/lesson'
import { identityDirectory } from '#identity/index'
import { courseContent } from '#courses/services/course_content'
import { lessonKinds, type LessonViewer } from '#courses/services/lesson_kinds'
import { progressService } from '#courses/services/progress_service'
import { nextLesson } from '#courses/services/progress_maths'

/** Everything the lesson page shows: the lesson's own part, the syllabus with what is done, the way on. */
export const lessonPage = {
  async build(course: Course, lesson: Lesson, viewer: LessonViewer) {
    const parts = lessonKinds.of(lesson.kind)
    const [syllabus, progress, master, playerProps] = await Promise.all([
      courseContent.syllabus(course.id),
      viewer.enrollment ? progressService.of(viewer.enrollment.id) : Promise.resolve(new Map()),
      identityDirectory.card(course.masterIdentityId),
      parts.loadPlayer(lesson, course, viewer),
    ])
    // a preview's visitor is led from preview to preview, never into a lesson they may not open
    const ordered =
      viewer.access === 'preview'
        ? syllabus.flatMap((section) =>
            section.lessons.filter((item) => item.isPreview).map((item) => item.id)
          )
        : courseContent.orderedLessonIds(syllabus)
    const index = ordered.indexOf(lesson.id)
    const done = new Set([...progress].filter(([, p]) => p.done).map(([id]) => id))
    return {
      course,
      lesson,
      viewer,
      master,
      syllabus,
      done,
      player: { component: parts.player, props: playerProps },
      previousId: index > 0 ? ordered[index - 1] : null,
      nextId: index >= 0 && index < ordered.length - 1 ? ordered[index + 1] : null,
      lessonDone: done.has(lesson.id),
      enrollment: viewer.enrollment,
    }
  },

  /** Where a learner goes after finishing a lesson: the next one not done yet. */
  async nextFor(courseId: number, enrollmentId: number, from: number | null) {
    const [syllabus, progress] = await Promise.all([
      courseContent.syllabus(courseId),
      progressService.of(enrollmentId),
    ])
    const done = new Set([...progress].filter(([, p]) => p.done).map(([id]) => id))
    return nextLesson(courseContent.orderedLessonIds(syllabus), done, from)
  },
}
