import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import drive from '@adonisjs/drive/services/main'
import { evidenceStore } from '#identity/services/evidence_store'
import { readRange } from '#shared/http/stored_file'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import { isolateEachTest, pngFile } from '#tests/helpers'
import { startS3rver } from '#tests/helpers/s3rver'

/**
 * The `s3` disk against a real S3 API: s3rver on loopback, started here.
 * Certification evidence is stored and read back through it exactly as on
 * a deployment with S3_* set.
 */
test.group('S3 disk (s3rver on loopback)', (group) => {
  isolateEachTest(group)
  group.setup(() => startS3rver())

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

  test('apply → staff review → approve, with the evidence on S3 (as with DRIVE_DISK=s3)', async ({
    client,
    assert,
    cleanup,
  }) => {
    // what DRIVE_DISK=s3 does at boot: the s3 disk becomes the default one
    const use = drive.use.bind(drive)
    drive.use = ((name?: 's3' | 'fs') => use(name ?? 's3')) as typeof drive.use
    cleanup(() => {
      drive.use = use
    })
    const user = await UserFactory.create()
    const admin = await UserFactory.merge({ staffRole: 'admin' }).create()
    const field = await FieldFactory.create()
    const image = await pngFile('bowl.png')

    const applied = await client
      .post('/certification/apply')
      .loginAs(user)
      .fields({
        fieldId: field.id,
        statement:
          '我从事陶艺二十年，擅长拉坯与柴烧，作品曾在景德镇陶瓷博览会展出，也带过十几位学徒。',
        yearsOfPractice: 20,
      })
      .file('evidence[]', image)
      .file('evidence[]', await pngFile('jar.png'))
      .withCsrfToken()
      .redirects(0)
    applied.assertStatus(302)
    const application = await db
      .from('certification_applications')
      .where('user_id', user.id)
      .firstOrFail()
    const evidence = await db.from('certification_evidence').where('application_id', application.id)
    assert.lengthOf(evidence, 2)
    for (const file of evidence) assert.isTrue(await drive.use('s3').exists(file.disk_key))
    assert.isFalse(await drive.use('fs').exists(evidence[0].disk_key))

    const viewed = await client.get(`/certification/evidence/${evidence[0].id}`).loginAs(admin)
    viewed.assertStatus(200)
    assert.deepEqual(viewed.response.body as Buffer, await readFile(image))
    // a range is asked of S3 as a range (GetObject with Range), not cut from the whole object
    const bytes = await readFile(image)
    const ranged = await client
      .get(`/certification/evidence/${evidence[0].id}`)
      .header('range', 'bytes=8-23')
      .loginAs(admin)
    ranged.assertStatus(206)
    ranged.assertHeader('content-range', `bytes 8-23/${bytes.length}`)
    assert.deepEqual(ranged.response.body as Buffer, bytes.subarray(8, 24))
    const s3 = drive.use('s3')
    const part = await readRange({ disk: s3, key: evidence[0].disk_key }, { start: 8, end: 23 })
    const chunks: Buffer[] = []
    for await (const chunk of part) chunks.push(chunk)
    assert.deepEqual(Buffer.concat(chunks), bytes.subarray(8, 24))

    const decided = await client
      .post(`/admin/certifications/${application.id}/decision`)
      .loginAs(admin)
      .form({ decision: 'approve' })
      .withCsrfToken()
      .redirects(0)
    decided.assertStatus(302)
    const identity = await db.from('identities').where('id', application.identity_id).first()
    assert.equal(identity.status, 'certified')
  })
})
