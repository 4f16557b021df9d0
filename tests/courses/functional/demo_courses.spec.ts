import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import DemoSeeder, { DEMO_FIELDS } from '#database/seeders/demo_seeder'
import { isolateWithFakeDisk } from '#tests/courses/video_helpers'

test.group('Demo data: courses', (group) => {
  isolateWithFakeDisk(group)

  test('every field has published courses with video, text and quiz lessons; demo learners have progress and a certificate', async ({
    assert,
  }) => {
    await new DemoSeeder(db.connection()).run()

    const perField = await db
      .from('courses')
      .join('fields', 'fields.id', 'courses.field_id')
      .where('courses.status', 'published')
      .groupBy('fields.slug')
      .select('fields.slug', db.raw('count(*)::int AS courses'))
    assert.sameMembers(
      perField.map((row) => row.slug),
      DEMO_FIELDS.map(([slug]) => slug)
    )
    assert.isTrue(perField.every((row) => row.courses >= 2))

    const kindRows = await db.from('lessons').distinct('kind')
    const kinds = kindRows.map((row) => row.kind)
    assert.sameMembers(kinds, ['video', 'text', 'quiz'])
    const videos = await db.from('lesson_videos').select('state', 'light_key', 'poster_key')
    assert.isAbove(videos.length, 8)
    assert.isTrue(videos.every((v) => v.state === 'ready' && v.light_key && v.poster_key))
    const photos = await db.from('quiz_options').whereNotNull('image_key').count('* as n').first()
    assert.isAbove(Number(photos.n), 0)
    const english = await db.from('courses').where('language', 'en').count('* as n').first()
    assert.isAbove(Number(english.n), 4)

    const certified = await db
      .from('enrollments')
      .whereNotNull('certificate_code')
      .whereNotNull('completed_at')
      .count('* as n')
      .first()
    assert.isAbove(Number(certified.n), 0)
    const inProgress = await db
      .from('enrollments')
      .whereBetween('progress_percent', [1, 99])
      .count('* as n')
      .first()
    assert.isAbove(Number(inProgress.n), 0)

    // run again (every local start): nothing is added twice
    const before = await db.from('courses').count('* as n').first()
    await new DemoSeeder(db.connection()).run()
    const after = await db.from('courses').count('* as n').first()
    assert.equal(after.n, before.n)
  }).timeout(120_000)
})
