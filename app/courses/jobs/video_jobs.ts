import type { JobDefinition } from '#shared/jobs/jobs'
import {
  PROCESS_VIDEO,
  REMOVE_VIDEO_FILES,
  videoService,
  type ProcessVideoData,
} from '#courses/services/video_service'
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
