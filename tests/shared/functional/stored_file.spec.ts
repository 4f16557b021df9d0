import { test } from '@japa/runner'
import { Readable } from 'node:stream'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import type { Disk } from 'flydrive'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import { readRange } from '#shared/http/stored_file'
import { fileWith, isolateEachTest } from '#tests/helpers'

const MB = 1024 * 1024
const SIZE = 50 * MB
/** Where the one byte that is not zero sits in the large file. */
const MARK = 30 * MB + 7

/** 50 MB of zeros with a 0x7f at MARK, generated chunk by chunk (never whole in memory). */
function largeFile() {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < SIZE; offset += MB) {
        const chunk = Buffer.alloc(MB)
        if (MARK >= offset && MARK < offset + MB) chunk[MARK - offset] = 0x7f
        yield chunk
      }
    })()
  )
}

/** Records the disk's whole-file reads (getBytes, get, getArrayBuffer, getStream) while `work` runs. */
async function wholeFileReads(disk: Disk, work: () => Promise<void>) {
  const calls: string[] = []
  const methods = ['getBytes', 'get', 'getArrayBuffer', 'getStream'] as const
  const originals = methods.map((name) => [name, disk[name]] as const)
  for (const [name, original] of originals) {
    ;(disk as any)[name] = (...args: unknown[]) => {
      calls.push(name)
      return (original as Function).apply(disk, args)
    }
  }
  try {
    await work()
  } finally {
    for (const [name, original] of originals) (disk as any)[name] = original
  }
  return calls
}

async function bytesOf(stream: Readable) {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return Buffer.concat(chunks)
}

test.group('Stored files: ranges streamed from the disk', (group) => {
  isolateEachTest(group)

  test('a range of a 50 MB file reads only those bytes from the disk', async ({
    assert,
    cleanup,
  }) => {
    const disk = drive.use()
    const key = `tests/large-${Date.now()}.bin`
    await disk.putStream(key, largeFile())
    cleanup(() => disk.delete(key))

    const one = await bytesOf(await readRange({ disk, key }, { start: MARK, end: MARK }))
    assert.deepEqual([...one], [0x7f])
    const some = await bytesOf(await readRange({ disk, key }, { start: MARK - 2, end: MARK + 2 }))
    assert.deepEqual([...some], [0, 0, 0x7f, 0, 0])
  })

  test('one byte of a 50 MB video: 206 with that byte, the whole file never read; without a range it streams', async ({
    client,
    assert,
    cleanup,
  }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    // an MP4 file type box: accepted as a video, then replaced by a long recording
    const ftyp = Buffer.from(
      '000000206674797069736f6d0000020069736f6d69736f32617663316d703431',
      'hex'
    )
    const applied = await client
      .post('/certification/apply')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
      .fields({
        fieldId: field.id,
        statement:
          '我从事陶艺二十年，擅长拉坯与柴烧，作品曾在景德镇陶瓷博览会展出，也带过十几位学徒。',
        yearsOfPractice: 20,
      })
      .file('evidence[]', await fileWith('throwing.mp4', Buffer.concat([ftyp, Buffer.alloc(64)])))
    applied.assertStatus(302)
    const evidence = await db
      .from('certification_evidence')
      .join('certification_applications', 'certification_applications.id', 'application_id')
      .where('certification_applications.user_id', user.id)
      .select('certification_evidence.*')
      .firstOrFail()
    const disk = drive.use()
    await disk.putStream(evidence.disk_key, largeFile())
    cleanup(() => disk.delete(evidence.disk_key))
    const url = `/certification/evidence/${evidence.id}`

    let ranged: Awaited<ReturnType<typeof client.get>> | undefined
    const rangeReads = await wholeFileReads(disk, async () => {
      ranged = await client.get(url).loginAs(user).header('range', `bytes=${MARK}-${MARK}`)
    })
    ranged!.assertStatus(206)
    ranged!.assertHeader('content-range', `bytes ${MARK}-${MARK}/${SIZE}`)
    ranged!.assertHeader('content-type', 'video/mp4')
    assert.equal(Number(ranged!.header('content-length')), 1)
    assert.deepEqual([...(ranged!.response.body as Buffer)], [0x7f])
    assert.deepEqual(rangeReads, [])

    let whole: Awaited<ReturnType<typeof client.get>> | undefined
    const wholeReads = await wholeFileReads(disk, async () => {
      whole = await client.get(url).loginAs(user)
    })
    whole!.assertStatus(200)
    whole!.assertHeader('accept-ranges', 'bytes')
    assert.equal(Number(whole!.header('content-length')), SIZE)
    assert.equal((whole!.response.body as Buffer).length, SIZE)
    assert.deepEqual(wholeReads, ['getStream'])

    // a dozen one-byte ranges at once (a <video> seeking, or someone hostile): memory stays flat
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => client.get(url).loginAs(user).header('range', 'bytes=0-0'))
    )
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)
    for (const answer of answers) answer.assertStatus(206)
    // reading the whole file for each would take 12 × 50 MB
    assert.isBelow(peak - before, 60 * MB, `RSS grew by ${Math.round((peak - before) / MB)} MB`)
  }).timeout(60_000)
})
