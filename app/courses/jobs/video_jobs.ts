import type { JobDefinition } from '#shared/jobs/jobs'
import {
  PROCESS_VIDEO,
  REMOVE_VIDEO_FILES,
  videoService,
  type ProcessVideoData,
} from '#courses/services/video_service'
import db from '@adonisjs/lucid/services/db'
import { videoStore } from '#courses/services/video_store'

/** Two retries a few minutes apart (a storage hiccup); a long video may take a while. */
const PROCESS_QUEUE = {
  retryLimit: 2,
  retryDelay: 120,
  retryBackoff: true,
  expireInSeconds: 3 * 3600 + 600,
}

/** Makes a lesson video's light rendition and poster and reads its duration (video_service.ts). */
export const processVideo: JobDefinition<ProcessVideoData> = {
  name: PROCESS_VIDEO,
  queue: PROCESS_QUEUE,
  handler: (data, job) =>
    videoService.process(data, {
      retryCount: job.retryCount,
      retryLimit: PROCESS_QUEUE.retryLimit,
    }),
}

/** Removes the files of a replaced video or captions, once the replacement has committed. */
export const removeVideoFiles: JobDefinition<{ keys: string[] }> = {
  name: REMOVE_VIDEO_FILES,
  queue: { retryLimit: 8, retryDelay: 60, retryBackoff: true },
  handler: ({ keys }) => videoStore.remove(keys),
}

/** Files removed per run of the sweep (it runs again soon for the rest). */
const SWEEP_BATCH = 200

/**
 * Removes the files of video rows deleted with their lesson, course or
 * account (the table's trigger kept their keys): a batch per run, each key
 * forgotten once its file is gone. Exported for tests.
 */
export async function sweepRemovedVideoFiles() {
  const rows = await db
    .from('lesson_video_removed_files')
    .orderBy('removed_at')
    .limit(SWEEP_BATCH)
    .select('key')
  for (const { key } of rows) {
    await videoStore.remove([key])
    await db.from('lesson_video_removed_files').where('key', key).delete()
  }
  return rows.length
}

export const sweepVideoFiles: JobDefinition = {
  name: 'courses.video.sweep_removed',
  cron: '*/10 * * * *',
  handler: () => sweepRemovedVideoFiles(),
}
