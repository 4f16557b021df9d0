import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import db from '@adonisjs/lucid/services/db'
import type { IdentitySummary } from '#identity/index'
import Course from '#courses/models/course'
import CourseSection from '#courses/models/course_section'
import type Lesson from '#courses/models/lesson'
import { courseAuthoring } from '#courses/services/course_authoring'
import { syllabusEditor } from '#courses/services/syllabus_editor'
import { lessonEditor } from '#courses/services/lesson_editor'
import { quizAuthoring } from '#courses/services/quiz_authoring'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'
import { courseContent } from '#courses/services/course_content'
import {
  DEMO_COURSES,
  type DemoCourse,
  type DemoLesson,
  type DemoQuestion,
} from '#database/demo/demo_course_catalogue'
import { demoVideo } from '#database/demo/demo_videos'

/** A cover: the course's colour with a pot, a brush stroke or a bowl drawn on it. */
async function drawCover(dir: string, course: DemoCourse, index: number) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">
    <rect width="1280" height="720" fill="${course.cover}"/>
    <circle cx="${880 + (index % 3) * 60}" cy="360" r="220" fill="#fff" fill-opacity="0.18"/>
    <path d="M180 520c160-140 360-160 560-60" stroke="#fff" stroke-opacity="0.5" stroke-width="28" fill="none" stroke-linecap="round"/>
  </svg>`
  const path = join(dir, `cover-${index}.png`)
  await writeFile(path, await sharp(Buffer.from(svg)).png().toBuffer())
  return path
}

/** A photo of work for a photo-judgement question: a glazed bowl in the given colour. */
async function drawPhoto(dir: string, colour: string, index: number) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360">
    <rect width="480" height="360" fill="#efe9df"/>
    <path d="M90 150h300c0 110-70 170-150 170S90 260 90 150z" fill="${colour}"/>
  </svg>`
  const path = join(dir, `photo-${index}.png`)
  await writeFile(path, await sharp(Buffer.from(svg)).png().toBuffer())
  return path
}

async function addQuestion(lesson: Lesson, question: DemoQuestion, dir: string) {
  if (question.kind === 'true_false') {
    return quizAuthoring.addQuestion(lesson, {
      kind: 'true_false',
      prompt: question.prompt,
      points: 1,
      explanation: question.explanation ?? null,
      answer: question.answer ? 'true' : 'false',
    })
  }
  if (question.kind === 'photo') {
    const added = await quizAuthoring.addQuestion(lesson, {
      kind: 'photo',
      prompt: question.prompt,
      points: 2,
    })
    for (const [index, [caption, correct, colour]] of question.options.entries()) {
      await quizAuthoring.addPhoto(added, await drawPhoto(dir, colour, index), {
        text: caption,
        correct,
      })
    }
    return added
  }
  return quizAuthoring.addQuestion(lesson, {
    kind: question.kind,
    prompt: question.prompt,
    points: 1,
    options: question.options.map(([text, correct, feedback]) => ({
      text,
      correct,
      feedback: feedback ?? null,
    })),
  })
}

async function addLesson(course: Course, section: CourseSection, demo: DemoLesson, dir: string) {
  const lesson = await syllabusEditor.addLesson(course, {
    sectionId: section.id,
    kind: demo.kind,
    title: demo.title,
  })
  if ('preview' in demo && demo.preview) {
    await lessonEditor.update(lesson, { title: demo.title, isPreview: true })
  }
  if (demo.kind === 'text') await lessonEditor.saveText(lesson, demo.body)
  if (demo.kind === 'video') await demoVideo(lesson, demo.seconds, demo.hue, dir)
  if (demo.kind === 'quiz') {
    await quizAuthoring.saveSettings(lesson, {
      passPercent: 60,
      attemptsAllowed: 3,
      shuffleQuestions: false,
      shuffleOptions: true,
    })
    for (const question of demo.questions) await addQuestion(lesson, question, dir)
  }
}

/** One demo course written as its master would: details, cover, syllabus, lessons, published. */
async function writeCourse(
  demo: DemoCourse,
  identity: IdentitySummary,
  dir: string,
  index: number
) {
  const course = await courseAuthoring.create(
    identity,
    {
      title: demo.title,
      subtitle: demo.subtitle,
      level: demo.level,
      language: demo.language,
      description: demo.description,
      outcomes: demo.outcomes.join('\n'),
      requirements: demo.requirements.join('\n'),
      pricing: demo.priceFen ? 'paid' : 'free',
      price: demo.priceFen ? (demo.priceFen / 100).toFixed(2) : undefined,
    },
    demo.sections[0].title
  )
  await courseAuthoring.setCover(course, await drawCover(dir, demo, index))
  for (const [position, sectionDemo] of demo.sections.entries()) {
    const section =
      position === 0
        ? await CourseSection.findByOrFail({ courseId: course.id, position: 1 })
        : await syllabusEditor.addSection(course, sectionDemo.title)
    for (const lesson of sectionDemo.lessons) await addLesson(course, section, lesson, dir)
  }
  await courseAuthoring.publish(course.id)
  return course
}

/** Demo learners: enrolled, with that many lessons done (in syllabus order). */
async function enrollLearners(course: Course, learners: [string, number][]) {
  const syllabus = await courseContent.syllabus(course.id)
  const lessons = syllabus.flatMap((section) => section.lessons)
  for (const [email, done] of learners) {
    const user = await db.from('users').where('email', email).first()
    if (!user) continue
    const enrollment = await enrollmentService.enroll(user.id, await Course.findOrFail(course.id))
    for (const lesson of lessons.slice(0, done)) {
      await progressService.open(enrollment, lesson)
      await progressService.complete(enrollment, lesson)
    }
  }
}

/**
 * The demo courses (demo_course_catalogue.ts), written through the same
 * services a master uses, once: a master identity that has courses is left
 * as it is.
 */
export async function seedDemoCourses() {
  const dir = await mkdtemp(join(tmpdir(), 'demo-courses-'))
  try {
    for (const [index, demo] of DEMO_COURSES.entries()) {
      const identity = await db
        .from('identities')
        .join('users', 'users.id', 'identities.user_id')
        .join('fields', 'fields.id', 'identities.field_id')
        .where({
          'users.email': demo.master,
          'fields.slug': demo.field,
          'identities.role': 'master',
        })
        .select('identities.*', 'fields.slug', 'fields.name_zh', 'fields.name_en')
        .first()
      if (!identity) continue
      const existing = await Course.query()
        .where({ masterIdentityId: identity.id, title: demo.title })
        .first()
      if (existing) continue
      const summary: IdentitySummary = {
        id: identity.id,
        role: 'master',
        status: identity.status,
        headline: identity.headline,
        field: {
          id: identity.field_id,
          slug: identity.slug,
          nameZh: identity.name_zh,
          nameEn: identity.name_en,
        },
      }
      const course = await writeCourse(demo, summary, dir, index)
      if (demo.learners) await enrollLearners(course, demo.learners)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
