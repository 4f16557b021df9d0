import edge from 'edge.js'
import { lessonKinds } from '#courses/services/lesson_kinds'
import { textLesson } from '#courses/services/text_lesson'
import { quizLesson } from '#courses/services/quiz_lesson'
import { videoLesson } from '#courses/services/video_lesson'
import { setUpVideoLessons } from '#courses/video_setup'
import { formatCoursePrice, formatDuration } from '#courses/services/course_format'
import { formatLearningDate } from '#courses/services/learning_format'
import { learningNotificationTopic } from '#courses/learning_notifications'
import { continueLearningSection, learningLayout } from '#courses/services/learning_layout'
import { notificationKinds } from '#realtime/index'
import { dashboardSections } from '#identity/index'
import { layoutData } from '#shared/http/layout_data'
import { mainNav } from '#shared/http/main_nav'
import { teachingDashboardSection } from '#courses/services/teaching_dashboard'
import { sellables } from '#payments/index'
import { courseSales } from '#courses/services/course_sales'

/**
 * What courses adds at boot: its lesson kinds' parts (the learner's player
 * and the master's editor of each kind) and template helpers. Each part
 * registers once; the boot of a second app in one process (tests) reuses them.
 */
let done = false

export async function setUpCourses() {
  if (done) return
  done = true
  lessonKinds.register('text', textLesson)
  // the catalogue, for everyone, in the header
  mainNav.register({
    name: 'courses',
    order: 10,
    href: '/courses',
    labelKey: 'courses_catalogue.title',
  })
  // a master's courses on the dashboard, with the way to start one
  dashboardSections.register(teachingDashboardSection)
  lessonKinds.register('quiz', quizLesson)
  lessonKinds.register('video', videoLesson)
  setUpVideoLessons()
  /** "1 小时 5 分" / "1 h 5 min" */
  edge.global('courseDuration', formatDuration)
  /** "免费" / "Free", or "¥129.00" */
  edge.global('coursePrice', formatCoursePrice)
  /** "2026年11月30日" / "November 30, 2026" (a certificate's date) */
  edge.global('learningDate', formatLearningDate)
  // learning: the certificate notification, the header's "my learning", the dashboard's "continue"
  notificationKinds.register(learningNotificationTopic)
  layoutData.register(learningLayout)
  dashboardSections.register(continueLearningSection)
  // paid courses are bought through payments, which enrolls on payment
  sellables.register('course', courseSales)
}
