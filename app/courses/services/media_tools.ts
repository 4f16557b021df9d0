import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
/** Static ffmpeg and ffprobe binaries that come inside their npm packages (npm ci alone brings them). */
const FFMPEG: string = require('@ffmpeg-installer/ffmpeg').path
const FFPROBE: string = require('@ffprobe-installer/ffprobe').path

/** The short side of the light rendition, in pixels. */
export const LIGHT_SHORT_SIDE = 360

/** A tool that ran and refused: its input is no video it can read, or it gave up. */
export class MediaToolError extends Error {
  constructor(
    readonly tool: 'ffmpeg' | 'ffprobe',
    readonly detail: string,
    readonly timedOut = false
  ) {
    super(`${tool} failed: ${detail}`)
  }
}

/** A command line's fixed words. */
const words = (text: string) => text.split(' ')

/** The last lines of a tool's stderr: what it says went wrong, without its banner. */
function lastWords(stderr: string) {
  return stderr.trim().split('\n').slice(-4).join('\n').slice(-500)
}

function run(tool: 'ffmpeg' | 'ffprobe', args: string[], timeoutMs: number) {
  const binary = tool === 'ffmpeg' ? FFMPEG : FFPROBE
  return new Promise<string>((resolve, reject) => {
    execFile(
      binary,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout)
        const timedOut = error.killed === true
        reject(new MediaToolError(tool, lastWords(stderr) || error.message, timedOut))
      }
    )
  })
}

export type Probe = { durationSeconds: number; width: number; height: number; hasAudio: boolean }

/** A rotation of a quarter turn swaps what the viewer sees as width and height. */
function quarterTurned(stream: Record<string, any>) {
  const tagged = Number(stream.tags?.rotate ?? 0)
  const sideData = (stream.side_data_list ?? []).find((data: any) => 'rotation' in data)
  const rotation = Math.abs(Number(sideData?.rotation ?? tagged)) % 180
  return rotation === 90
}

/** Duration and picture size (as shown, rotation applied) of a video; throws if it has no video. */
export async function probe(path: string): Promise<Probe> {
  const output = await run(
    'ffprobe',
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path],
    60_000
  )
  const info = JSON.parse(output) as { format?: any; streams?: any[] }
  const streams = info.streams ?? []
  const video = streams.find(
    (stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1
  )
  const duration = Number(info.format?.duration ?? video?.duration)
  if (!video || !video.width || !video.height || !Number.isFinite(duration) || duration <= 0) {
    throw new MediaToolError('ffprobe', 'no video stream with a picture and a duration')
  }
  const turned = quarterTurned(video)
  return {
    durationSeconds: duration,
    width: turned ? video.height : video.width,
    height: turned ? video.width : video.height,
    hasAudio: streams.some((stream) => stream.codec_type === 'audio'),
  }
}

/** The size of the light rendition: the short side at most 360 px, both even, the shape kept. */
export function lightSize(width: number, height: number) {
  const even = (value: number) => Math.max(2, Math.round(value / 2) * 2)
  const short = Math.min(width, height)
  const scale = Math.min(1, LIGHT_SHORT_SIDE / short)
  return { width: even(width * scale), height: even(height * scale) }
}

/** Time allowed to a tool on a video: generous for this box, never unbounded. */
const allowance = (durationSeconds: number) =>
  Math.min(3 * 3600, Math.max(120, durationSeconds * 3)) * 1000

/**
 * The light rendition: H.264 (main profile) + AAC in an MP4 whose index
 * comes first (faststart), so a slow connection starts playing at once.
 */
export async function transcodeLight(input: string, output: string, probed: Probe) {
  const size = lightSize(probed.width, probed.height)
  await run(
    'ffmpeg',
    [
      ...words('-hide_banner -v error -nostdin -y -i'),
      input,
      ...words('-map 0:v:0 -map 0:a:0? -vf'),
      `scale=${size.width}:${size.height}`,
      ...words('-c:v libx264 -preset veryfast -crf 28 -profile:v main -pix_fmt yuv420p'),
      ...words('-maxrate 900k -bufsize 1800k -c:a aac -b:a 96k -ac 2 -movflags +faststart'),
      output,
    ],
    allowance(probed.durationSeconds)
  )
  return size
}

/**
 * A WebP still from a second in (or a third of a short video), the light
 * rendition's size: a few KB, where a JPEG of the same frame weighs three times more.
 */
export async function poster(input: string, output: string, probed: Probe) {
  const size = lightSize(probed.width, probed.height)
  const at = Math.min(1, probed.durationSeconds / 3)
  await run(
    'ffmpeg',
    [
      ...words('-hide_banner -v error -nostdin -y -ss'),
      at.toFixed(2),
      '-i',
      input,
      ...words('-frames:v 1 -c:v libwebp -quality 60 -vf'),
      `scale=${size.width}:${size.height}`,
      output,
    ],
    120_000
  )
  return size
}
