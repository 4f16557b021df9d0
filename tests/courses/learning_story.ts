import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'

const DAY = 24 * 3600 * 1000

/**
 * Committed rows for the learning pages in a browser (page weight,
 * screenshots): a certified master's two courses; a learner (zh-CN or en)
 * halfway through the first and done with the second (a certificate); six
 * more learners of the first, enrolled over the last weeks at different
 * stages. `users` lists whom to delete afterwards (their identities, courses
 * and enrollments go with them).
 */
export async function learningStory(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const { user: masterUser, identity } = await certifiedMaster()
  const zh = locale === 'zh-CN'
  const { course, lessons } = await courseWithLessons(identity, ['text', 'text', 'text', 'text'], {
    title: zh ? '拉坯基础：从定中心到收口' : 'Throwing basics: from centring to the rim',
  })
  const titles = zh
    ? ['揉泥与定中心', '开孔与拉高', '修坯的节奏', '收口与切底']
    : ['Wedging and centring', 'Opening and pulling up', 'Trimming', 'Closing the rim']
  for (const [index, lesson] of lessons.entries()) {
    await db.from('lessons').where('id', lesson.id).update({ title: titles[index] })
  }
  const { course: short, lessons: shortLessons } = await courseWithLessons(identity, ['text'], {
    title: zh ? '釉色入门' : 'Glazes for beginners',
  })
  const learner = await UserFactory.merge({
    locale,
    displayName: zh ? '林小满' : 'Lin Xiaoman',
    timeZone: 'Asia/Shanghai',
  }).create()
  const enrollment = await enrollmentService.enroll(learner.id, course)
  await progressService.open(enrollment, lessons[1])
  await progressService.complete(enrollment, lessons[0])
  const finished = await enrollmentService.enroll(learner.id, short)
  await progressService.complete(finished, shortLessons[0])
  await finished.refresh()

  const others: number[] = []
  const now = Date.now()
  for (const [index, done] of [4, 3, 2, 1, 1, 0].entries()) {
    const other = await UserFactory.create()
    others.push(other.id)
    const theirs = await enrollmentService.enroll(other.id, course)
    for (const lesson of lessons.slice(0, done)) await progressService.complete(theirs, lesson)
    await db
      .from('enrollments')
      .where('id', theirs.id)
      .update({
        created_at: new Date(now - (index * 4 + 1) * DAY),
        last_activity_at: new Date(now - index * 3 * DAY),
      })
  }
  return {
    masterUser,
    learner,
    course,
    certificate: finished,
    users: [masterUser.id, learner.id, ...others],
  }
}
