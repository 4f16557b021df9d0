import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { fileTypeFromFile } from 'file-type'
import drive from '@adonisjs/drive/services/main'
import { FormError } from '#shared/errors/domain_error'

/** Videos accepted by their content (never by file name), and the extension they are kept under. */
const VIDEO_TYPES: Record<string, string> = {
  'video/mp4': 'mp4',
  'video/x-m4v': 'm4v',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
}

/** Originals a browser plays as they are, while the light rendition is being made. */
const PLAYABLE_TYPES = new Set(['video/mp4', 'video/x-m4v', 'video/webm'])

const MB = 1024 * 1024

/** How large an upload may be (one object, so a test can lower it). */
export const videoLimits = {
  videoBytes: 1024 * MB,
  captionsBytes: 512 * 1024,
}

/** The multipart limit of the video upload route: the largest video and its form around it. */
export const VIDEO_UPLOAD_BODY_LIMIT = `${1024 + 1}mb`

export type UploadedFile = { tmpPath?: string; clientName: string }
export type CheckedVideo = { tmpPath: string; type: string; ext: string; size: number }

const megabytes = (bytes: number) => Math.round(bytes / MB)

/** A WebVTT file starts with this line (a byte-order mark allowed), then a cue with a timing. */
const WEBVTT_HEAD = /^\uFEFF?WEBVTT(?:[ \t][^\r\n]*)?(?:\r\n|\r|\n|$)/
const CUE_TIMING = /(?:\d+:)?\d{2}:\d{2}\.\d{3}[ \t]+-->[ \t]+(?:\d+:)?\d{2}:\d{2}\.\d{3}/

/**
 * A video lesson's files on the drive disk (fs locally, S3 when configured),
 * each under its own random key: the original, its light rendition and
 * poster, and the captions.
 */
export const videoStore = {
  async checkVideo(file: UploadedFile): Promise<CheckedVideo> {
    const { size } = await stat(file.tmpPath!)
    const type = await fileTypeFromFile(file.tmpPath!)
    const ext = type && VIDEO_TYPES[type.mime]
    if (!type || !ext) {
      throw new FormError('video', 'courses_video.upload.not_a_video', { name: file.clientName })
    }
    if (size > videoLimits.videoBytes) {
      throw new FormError('video', 'courses_video.upload.too_large', {
        limit: megabytes(videoLimits.videoBytes),
      })
    }
    return { tmpPath: file.tmpPath!, type: type.mime, ext, size }
  },

  /** Captions: a WebVTT text file (UTF-8, no binary), small, with at least one cue. */
  async checkCaptions(file: UploadedFile) {
    const { size } = await stat(file.tmpPath!)
    const refuse = (key: string): never => {
      throw new FormError('captions', `courses_video.captions.${key}`, {
        limit: Math.round(videoLimits.captionsBytes / 1024),
      })
    }
    if (size > videoLimits.captionsBytes) refuse('too_large')
    const bytes = await readFile(file.tmpPath!)
    let text = ''
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      refuse('not_text')
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000E-\u001F]/.test(text)) refuse('not_text')
    if (!WEBVTT_HEAD.test(text)) refuse('not_webvtt')
    if (!CUE_TIMING.test(text)) refuse('no_cues')
    return { tmpPath: file.tmpPath!, size }
  },

  /** Stores a local file under a new random key (streamed: a video is never whole in memory). */
  async put(localPath: string, ext: string) {
    const key = `course-videos/${randomUUID()}.${ext}`
    await drive.use().putStream(key, createReadStream(localPath))
    return key
  },

  /** Copies a stored file to a local path (ffmpeg reads local files, whatever the disk). */
  async download(key: string, localPath: string) {
    await pipeline(await drive.use().getStream(key), createWriteStream(localPath))
  },

  /** Where a file is, to stream it (#shared/http/stored_file). */
  stored(key: string) {
    return { disk: drive.use(), key }
  },

  async remove(keys: (string | null | undefined)[]) {
    for (const key of keys) if (key) await drive.use().delete(key)
  },

  playsAsUploaded(type: string) {
    return PLAYABLE_TYPES.has(type)
  },
}
