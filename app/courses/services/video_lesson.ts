import db from '@adonisjs/lucid/services/db'
import type Course from '#courses/models/course'
import type Lesson from '#courses/models/lesson'
import type LessonVideo from '#courses/models/lesson_video'
import type { LessonKindParts, LessonViewer } from '#courses/services/lesson_kinds'
import { videoService } from '#courses/services/video_service'
import { videoStore } from '#courses/services/video_store'
import { lightSize } from '#courses/services/media_tools'

/** A version in a media URL: a replaced file gets a new URL, so a cached one is never stale. */
const versionOf = (key: string) => key.replace(/^.*\//, '').slice(0, 8)

/** The URLs of a lesson's media (controllers/video_media_controller.ts). */
export function videoUrls(course: Course | { id: number }, lesson: Lesson | { id: number }) {
  const base = `/courses/${course.id}/lessons/${lesson.id}/video`
  return {
    original: (key: string) => `${base}?v=${versionOf(key)}`,
    light: (key: string) => `${base}?r=light&v=${versionOf(key)}`,
    poster: (key: string) => `${base}/poster?v=${versionOf(key)}`,
    captions: (key: string) => `${base}/captions?v=${versionOf(key)}`,
    progress: `/courses/${course.id}/lessons/${lesson.id}/progress`,
  }
}

/**
 * What the learner's <video> plays: the light rendition for a viewer saving
 * data (once it exists), the original otherwise; while the video is being
 * processed, the original if a browser plays it as it is.
 */
function sourceFor(video: LessonVideo, course: Course, lesson: Lesson, saveData: boolean) {
  const urls = videoUrls(course, lesson)
  const light = video.state === 'ready' && video.lightKey
  const playsAsUploaded = videoStore.playsAsUploaded(video.originalType)
  if (light && (saveData || !playsAsUploaded)) {
    const size = lightSize(video.width!, video.height!)
    return { url: urls.light(video.lightKey!), type: 'video/mp4', ...size }
  }
  if (video.state === 'failed' || !playsAsUploaded) return null
  return {
    url: urls.original(video.originalKey),
    type: video.originalType === 'video/x-m4v' ? 'video/mp4' : video.originalType,
    width: video.width ?? 640,
    height: video.height ?? 360,
  }
}

/** Where the learner left this video (seconds), to start there again. */
async function savedPosition(viewer: LessonViewer, lesson: Lesson) {
  if (!viewer.enrollment) return 0
  const row = await db
    .from('lesson_progress')
    .where({ enrollment_id: viewer.enrollment.id, lesson_id: lesson.id })
    .select('position_seconds')
    .first()
  return Number(row?.position_seconds ?? 0)
}

/** A video lesson: the player for learners, the card of its files for the master. */
export const videoLesson: LessonKindParts = {
  player: 'courses/lessons/_video',
  async loadPlayer(lesson, course, viewer) {
    const [video, position] = await Promise.all([
      videoService.of(lesson.id),
      savedPosition(viewer, lesson),
    ])
    if (!video) return { video: null }
    const urls = videoUrls(course, lesson)
    return {
      video,
      source: sourceFor(video, course, lesson, viewer.saveData),
      posterUrl: video.posterKey ? urls.poster(video.posterKey) : null,
      captionsUrl: video.captionsKey ? urls.captions(video.captionsKey) : null,
      position,
      // only an enrolled learner's watching is recorded
      progressUrl: viewer.access === 'enrolled' ? urls.progress : null,
      // what the device saw is kept per learner and per video: on a shared device (or after
      // the master replaces the video) no one is counted for what someone else watched
      seenKey: viewer.enrollment
        ? `${viewer.enrollment.id}-${lesson.id}-${versionOf(video.originalKey)}`
        : null,
    }
  },
  editor: 'courses/teach/lessons/_edit_video',
  async loadEditor(lesson, course) {
    return videoCard(lesson, course, await videoService.of(lesson.id))
  },
}

/** The master's card of a lesson's video (its state, poster, captions), also its own fragment. */
export function videoCard(lesson: Lesson, course: Course, video: LessonVideo | null) {
  const urls = videoUrls(course, lesson)
  return {
    video,
    posterUrl: video?.posterKey ? urls.poster(video.posterKey) : null,
    posterSize: video?.width && video.height ? lightSize(video.width, video.height) : null,
    sizeMb: video ? Math.max(0.1, Math.round(video.originalSize / 104_857.6) / 10) : 0,
    editUrl: `/teach/lessons/${lesson.id}/video`,
    cardUrl: `/teach/lessons/${lesson.id}/video/card`,
  }
}
