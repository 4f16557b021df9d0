import { execFile } from 'node:child_process'
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type Lesson from '#courses/models/lesson'
import { videoStore } from '#courses/services/video_store'
import { poster, probe } from '#courses/services/media_tools'

const require = createRequire(import.meta.url)
const FFMPEG: string = require('@ffmpeg-installer/ffmpeg').path
const run = promisify(execFile)

const made = new Map<string, Promise<string>>()

/**
 * A real little video made with ffmpeg (a test pattern and a tone): H.264 +
 * AAC in MP4 by default, VP9 + Opus in WebM for a browser without H.264.
 * Made once per kind in a test run.
 */
export function testVideo(options: { seconds?: number; size?: string; webm?: boolean } = {}) {
  const { seconds = 2, size = '640x480', webm = false } = options
  const name = `${seconds}s-${size}.${webm ? 'webm' : 'mp4'}`
  if (!made.has(name)) {
    made.set(
      name,
      (async () => {
        const directory = app.tmpPath('test-videos')
        await mkdir(directory, { recursive: true })
        const path = `${directory}/${name}`
        const codecs = webm
          ? ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-b:v', '200k', '-c:a', 'libopus']
          : ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac']
        const sources = [
          `testsrc=duration=${seconds}:size=${size}:rate=10`,
          `sine=frequency=440:duration=${seconds}`,
        ]
        const inputs = sources.flatMap((source) => ['-f', 'lavfi', '-i', source])
        await run(FFMPEG, ['-v', 'error', '-y', ...inputs, ...codecs, '-shortest', path])
        return path
      })()
    )
  }
  return made.get(name)!
}

export const TEST_CAPTIONS = 'WEBVTT\n\n00:00.000 --> 00:01.500\n拉坯的第一步\n'

/**
 * A processed video for a lesson, its files on the drive disk: `original`
 * is stored as both the original and its light rendition, with its
 * poster and captions (as the processing job and the captions upload would
 * leave it, without transcoding).
 */
export async function readyVideo(lesson: Lesson, original?: string) {
  const path = original ?? (await testVideo())
  const { size } = await stat(path)
  const directory = app.tmpPath('test-videos')
  await mkdir(directory, { recursive: true })
  const posterPath = `${directory}/poster-${Date.now()}.webp`
  const captionsPath = `${directory}/captions.vtt`
  await poster(path, posterPath, await probe(path))
  await writeFile(captionsPath, TEST_CAPTIONS)
  const originalKey = await videoStore.put(path, 'mp4')
  const lightKey = await videoStore.put(path, 'mp4')
  const posterKey = await videoStore.put(posterPath, 'webp')
  const captionsKey = await videoStore.put(captionsPath, 'vtt')
  const now = new Date()
  await db.table('lesson_videos').insert({
    lesson_id: lesson.id,
    original_key: originalKey,
    original_size: size,
    original_type: 'video/mp4',
    state: 'ready',
    duration_seconds: 2,
    width: 640,
    height: 480,
    light_key: lightKey,
    poster_key: posterKey,
    captions_key: captionsKey,
    created_at: now,
    updated_at: now,
  })
  return { originalKey, lightKey, posterKey, captionsKey }
}
