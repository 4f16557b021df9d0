import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { isolateEachTest } from '#tests/helpers'

/*
| The journey as a newcomer takes it: every link a page offers leads
| somewhere they may go.
*/

test.group('Attack: a newcomer on the way in', (group) => {
  isolateEachTest(group)

  test("a preview lesson's next and previous links go only to other previews, for a guest and a signed-in visitor", async ({
    client,
    assert,
  }) => {
    const { identity } = await certifiedMaster()
    // lessons 1 and 3 are previews, lesson 2 is not
    const { course, lessons } = await courseWithLessons(identity, ['text', 'text', 'text'])
    lessons[2].isPreview = true
    await lessons[2].save()
    const link = (id: number) => `href="/courses/${course.id}/lessons/${id}"`
    const visitor = await UserFactory.create()
    for (const who of [null, visitor]) {
      const request = (id: number) => {
        const get = client.get(`/courses/${course.id}/lessons/${id}`)
        return who ? get.loginAs(who) : get
      }
      const first = await request(lessons[0].id)
      first.assertStatus(200)
      assert.notInclude(first.text(), link(lessons[1].id))
      assert.match(first.text(), new RegExp(`rel="next" ${link(lessons[2].id)}`))
      const third = await request(lessons[2].id)
      assert.notInclude(third.text(), link(lessons[1].id))
      assert.match(third.text(), new RegExp(`rel="prev" ${link(lessons[0].id)}`))
    }
    // the enrolled learner goes through every lesson
    await enrollmentService.enroll(visitor.id, course)
    const enrolled = await client
      .get(`/courses/${course.id}/lessons/${lessons[0].id}`)
      .loginAs(visitor)
    assert.match(enrolled.text(), new RegExp(`rel="next" ${link(lessons[1].id)}`))
  })
})
