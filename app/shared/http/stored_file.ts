import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Readable } from 'node:stream'
import { KeyNormalizer, type Disk } from 'flydrive'
import { FSDriver } from 'flydrive/drivers/fs'
import { S3Driver } from 'flydrive/drivers/s3'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { HttpContext } from '@adonisjs/core/http'
import { parseByteRange, type ByteRange } from '#shared/http/byte_range'

/** A file on a drive disk. */
export type StoredFile = { disk: Disk; key: string }

const keys = new KeyNormalizer()
const s3Clients = new WeakMap<S3Driver, S3Client>()

/** The S3 driver keeps its client private; one of our own, with the same settings, per driver. */
function s3ClientOf(driver: S3Driver) {
  let client = s3Clients.get(driver)
  if (!client) {
    const options = driver.options
    client = 'client' in options ? options.client : new S3Client(options)
    s3Clients.set(driver, client)
  }
  return client
}

/**
 * The bytes `start`..`end` (inclusive) of a stored file, as a stream that
 * reads only those: a file read stream with start/end on the fs disk, a
 * GetObject with a Range header on S3. Drive's own getStream has no range.
 */
export async function readRange({ disk, key }: StoredFile, { start, end }: ByteRange) {
  const driver = disk.driver
  if (driver instanceof FSDriver) {
    const root = driver.options.location
    const directory = typeof root === 'string' ? root : fileURLToPath(root)
    return createReadStream(join(directory, keys.normalize(key)), { start, end })
  }
  if (driver instanceof S3Driver) {
    const object = await s3ClientOf(driver).send(
      new GetObjectCommand({
        Bucket: driver.options.bucket,
        Key: keys.normalize(key),
        Range: `bytes=${start}-${end}`,
      })
    )
    return object.Body as Readable
  }
  throw new Error(`Range reads are not implemented for the ${driver.constructor.name} driver`)
}

/**
 * Answers with a stored file streamed from its disk (memory stays flat
 * whatever its size), or with the one byte range the request asks for (a
 * <video> seeking): 206 with only those bytes read, 416 when the range lies
 * outside the file, 200 with the whole file otherwise. The caller sets the
 * type, disposition and caching headers.
 */
export async function sendStoredFile({ request, response }: HttpContext, file: StoredFile) {
  const { contentLength: size } = await file.disk.getMetaData(file.key)
  response.header('Accept-Ranges', 'bytes')
  const range = parseByteRange(request.header('range'), size)
  if (range === 'unsatisfiable') {
    response.header('Content-Range', `bytes */${size}`)
    return response.status(416).send('')
  }
  if (range) {
    response.status(206)
    response.header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
    response.header('Content-Length', range.end - range.start + 1)
    return response.stream(await readRange(file, range))
  }
  response.header('Content-Length', size)
  return response.stream(await file.disk.getStream(file.key))
}
