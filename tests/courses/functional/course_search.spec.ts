import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { isolateEachTest } from '#tests/helpers'
import { catalogueTitles, certifiedMaster, makeCourse } from '#tests/courses/courses_helpers'

const search = (client: ApiClient, text: string) =>
  catalogueTitles(client, new URLSearchParams({ q: text }).toString())

test.group('Course search in Chinese and English', (group) => {
  isolateEachTest(group)

  test('"陶艺入门" finds "陶艺零基础入门"; unrelated courses stay out', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: '陶艺零基础入门' })
    await makeCourse(master, { title: '木工榫卯结构' })
    assert.deepEqual(await search(client, '陶艺入门'), ['陶艺零基础入门'])
    assert.deepEqual(await search(client, '榫卯'), ['木工榫卯结构'])
  })

  test('words the dictionary cuts differently still match (拉坯, 釉料)', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: '零基础学拉坯', subtitle: '釉料调配与烧制' })
    assert.deepEqual(await search(client, '拉坯'), ['零基础学拉坯'])
    assert.deepEqual(await search(client, '釉料'), ['零基础学拉坯'])
  })

  test('"glaze" finds "Glazing basics" by title similarity; a prefix finds while typing', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: 'Glazing basics', language: 'en' })
    await makeCourse(master, { title: 'Wood joinery', language: 'en' })
    assert.deepEqual(await search(client, 'glaze'), ['Glazing basics'])
    assert.deepEqual(await search(client, 'GLAZING bas'), ['Glazing basics'])
    assert.deepEqual(await search(client, 'joi'), ['Wood joinery'])
  })

  test('the description, the outcomes and the master’s name are searched; the title ranks first', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster({ displayName: '林师傅' })
    await makeCourse(master, { title: '修坯技巧', description: '这门课讲**釉下彩**的基础' })
    await makeCourse(master, { title: '釉下彩入门', outcomes: ['独立完成作品'] })
    assert.deepEqual(await search(client, '釉下彩'), ['釉下彩入门', '修坯技巧'])
    assert.deepEqual(await search(client, '独立完成'), ['釉下彩入门'])
    assert.sameMembers(await search(client, '林师傅'), ['修坯技巧', '釉下彩入门'])
  })

  test('a saved change of the title is searchable at once; other saves leave the index alone', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Throwing on the wheel' })
    course.title = 'Trimming and turning'
    await course.save()
    assert.deepEqual(await search(client, 'trimming'), ['Trimming and turning'])
    assert.deepEqual(await search(client, 'wheel'), [])

    const before = await db.from('courses').where('id', course.id).select('search_vector').first()
    course.priceFen = 500
    await course.save()
    const after = await db.from('courses').where('id', course.id).select('search_vector').first()
    assert.equal(after.search_vector, before.search_vector)
  })

  test('drafts and archived courses are not found', async ({ client, assert }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: 'Kiln safety', status: 'draft' })
    await makeCourse(master, { title: 'Kiln building', status: 'archived' })
    await makeCourse(master, { title: 'Kiln firing' })
    assert.deepEqual(await search(client, 'kiln'), ['Kiln firing'])
  })

  test('tsquery syntax and odd text are only words: never an error', async ({ client, assert }) => {
    const master = await certifiedMaster()
    await makeCourse(master, { title: "Don't fear the kiln" })
    for (const text of ["'", '!', '&|!():*', "kiln' & '", '\\', '％％', 'a'.repeat(500)]) {
      await search(client, text)
    }
    assert.deepEqual(await search(client, "don't"), ["Don't fear the kiln"])
  })
})
