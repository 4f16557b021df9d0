import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import drive from '@adonisjs/drive/services/main'
import type { Group } from '@japa/runner/core'
import { isolateEachTest } from '#tests/helpers'
import type User from '#identity/models/user'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import db from '@adonisjs/lucid/services/db'
import Enrollment from '#courses/models/enrollment'
import type Lesson from '#courses/models/lesson'

const require = createRequire(import.meta.url)
const FFPROBE: string = require('@ffprobe-installer/ffprobe').path

/** What ffprobe says of a local file: its streams' codecs and sizes, and its duration. */
export async function probeFile(path: string) {
  const { stdout } = await promisify(execFile)(FFPROBE, [
    ...'-v error -print_format json -show_format -show_streams'.split(' '),
    path,
  ])
  const info = JSON.parse(stdout)
  const video = info.streams.find((stream: any) => stream.codec_type === 'video')
  const audio = info.streams.find((stream: any) => stream.codec_type === 'audio')
  return {
    video: video && { codec: video.codec_name, width: video.width, height: video.height },
    audio: audio && { codec: audio.codec_name },
    format: info.format.format_name as string,
    duration: Number(info.format.duration),
  }
}

/**
 * A master with a published course whose second lesson is a video (the
 * first, a preview, is text), and an apprentice enrolled in it.
 */
export async function videoCourse() {
  const { user: masterUser, identity: master } = await certifiedMaster()
  const { course, lessons } = await courseWithLessons(master, ['text', 'video', 'video'])
  const learner = await UserFactory.create()
  await enrollmentService.enroll(learner.id, course)
  return { masterUser, master, course, lesson: lessons[1], lessons, learner }
}

/** The same person as another identity: an apprentice in another field (make it active in the session). */
export async function apprenticeElsewhere(user: User) {
  const field = await FieldFactory.create()
  const identity = await IdentityFactory.merge({ userId: user.id, fieldId: field.id }).create()
  return identity.id
}

/** Each test in a rolled-back transaction, its files on a fake fs disk thrown away after it. */
export function isolateWithFakeDisk(group: Group) {
  isolateEachTest(group)
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })
}

/** Where the (only) learner of the lesson's course left its video, as the player had reported. */
export async function leftAt(lesson: Lesson, positionSeconds: number) {
  const enrollment = await Enrollment.findByOrFail({ courseId: lesson.courseId })
  await db.table('lesson_progress').insert({
    enrollment_id: enrollment.id,
    lesson_id: lesson.id,
    position_seconds: positionSeconds,
    opened_at: new Date(),
    updated_at: new Date(),
  })
  return enrollment
}
