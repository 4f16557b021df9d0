import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type Lesson from '#courses/models/lesson'
import { videoService } from '#courses/services/video_service'

const require = createRequire(import.meta.url)
const FFMPEG: string = require('@ffmpeg-installer/ffmpeg').path

/**
 * A demo video lesson: a few seconds of test pattern in the lesson's own
 * colour with a tone, uploaded as a master would, then processed at once
 * (the light rendition and poster the job would make) so the demo plays
 * from the first start. The job the upload queued finds it done.
 */
export async function demoVideo(lesson: Lesson, seconds: number, hue: number, dir: string) {
  const path = join(dir, `video-${lesson.id}.mp4`)
  await promisify(execFile)(FFMPEG, [
    ...['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=duration=${seconds}:size=640x360:rate=15`],
    ...['-f', 'lavfi', '-i', `sine=frequency=${220 + (hue % 440)}:duration=${seconds}`],
    ...[
      '-vf',
      `hue=h=${hue % 360}`,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
    ],
    ...['-c:a', 'aac', '-shortest', '-movflags', '+faststart', '-y', path],
  ])
  await videoService.upload(lesson, { tmpPath: path, clientName: `${lesson.title}.mp4` })
  const video = await videoService.of(lesson.id)
  await videoService.process(
    { lessonId: lesson.id, originalKey: video!.originalKey },
    { retryCount: 0, retryLimit: 0 }
  )
}
