import { test } from '@japa/runner'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import drive from '@adonisjs/drive/services/main'
import S3rver from 's3rver'
import { evidenceStore } from '#identity/services/evidence_store'
import { pngFile } from '#tests/helpers'

/**
 * The `s3` disk against a real S3 API: s3rver on loopback, started here.
 * Certification evidence is stored and read back through it exactly as on
 * a deployment with S3_* set.
 */
test.group('S3 disk (s3rver on loopback)', (group) => {
  let server: S3rver
  let directory: string
  group.setup(async () => {
    directory = await mkdtemp(`${tmpdir()}/s3rver-`)
    server = new S3rver({
      address: '127.0.0.1',
      port: 4569,
      silent: true,
      directory,
      configureBuckets: [{ name: 'master-guide-test', configs: [] }],
    })
    await server.run()
    return async () => {
      await server.close()
      await rm(directory, { recursive: true, force: true })
    }
  })

  test('evidence is written, read back byte for byte, and deleted', async ({ assert }) => {
    const s3 = drive.use('s3')
    const file = await evidenceStore.check({
      tmpPath: await pngFile('work.png'),
      clientName: 'work.png',
      size: 0,
    })
    const key = `certification/test-${Date.now()}.png`
    const bytes = await readFile(file.tmpPath)

    await s3.put(key, bytes)
    assert.isTrue(await s3.exists(key))
    assert.deepEqual(Buffer.from(await s3.getBytes(key)), bytes)

    await s3.delete(key)
    assert.isFalse(await s3.exists(key))
  })
})
