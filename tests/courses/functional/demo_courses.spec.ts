import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import DemoSeeder, { DEMO_FIELDS } from '#database/seeders/demo_seeder'
import { ledger } from '#payments/index'
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

    // the paid course was bought by two demo users through the sandbox; the ledger balances
    const sales = await db
      .from('orders')
      .join('order_items', 'order_items.order_id', 'orders.id')
      .join('courses', 'courses.id', 'order_items.item_id')
      .where({ 'orders.status': 'paid', 'order_items.item_kind': 'course' })
      .where('courses.title', '柴烧进阶：窑与火')
      .select('orders.buyer_identity_id', 'order_items.item_id')
    assert.lengthOf(sales, 2)
    for (const sale of sales) {
      const enrolled = await db
        .from('enrollments')
        .where({ course_id: sale.item_id, apprentice_identity_id: sale.buyer_identity_id })
        .first()
      assert.equal(enrolled?.status, 'active')
    }
    // the older sale has cleared: its master has earnings to pay out, and more pending
    const master = await db
      .from('courses')
      .where('title', '柴烧进阶：窑与火')
      .select('master_identity_id')
      .firstOrFail()
    const owner = { ownerIdentityId: master.master_identity_id }
    assert.equal(await ledger.balance({ kind: 'master_available', ...owner }), -23_920)
    assert.equal(await ledger.balance({ kind: 'master_pending', ...owner }), -23_920)
    assert.deepEqual(await ledger.verify(), [])

    // run again (every local start): nothing is added twice
    const before = await db.from('courses').count('* as n').first()
    await new DemoSeeder(db.connection()).run()
    const after = await db.from('courses').count('* as n').first()
    assert.equal(after.n, before.n)
    const ordersAfter = await db.from('orders').where('status', 'paid').count('* as n').first()
    assert.isAtLeast(Number(ordersAfter.n), 2)
    assert.lengthOf(
      await db
        .from('orders')
        .join('order_items', 'order_items.order_id', 'orders.id')
        .where('order_items.item_id', sales[0].item_id)
        .where('order_items.item_kind', 'course'),
      2
    )
  }).timeout(120_000)
})
