import { test } from '@japa/runner'
import { Bouncer } from '@adonisjs/bouncer'
import User from '#identity/models/user'
import TeachingPolicy from '#identity/policies/teaching_policy'
import type { IdentitySummary } from '#identity/services/identity_service'

const field = { id: 1, slug: 'ceramics', nameZh: '陶艺', nameEn: 'Ceramics' }
const identity = (
  role: IdentitySummary['role'],
  status: IdentitySummary['status']
): IdentitySummary => ({
  id: 1,
  role,
  status,
  headline: null,
  field,
})

function bouncerFor(user: User) {
  return new Bouncer(user).with(TeachingPolicy)
}

test.group('Teaching policy', () => {
  test('only a certified master publishes paid courses and takes bookings', async ({ assert }) => {
    const user = new User()
    user.id = 7
    const cases: [IdentitySummary | null, boolean][] = [
      [identity('master', 'certified'), true],
      [identity('master', 'pending'), false],
      [identity('master', 'more_info_requested'), false],
      [identity('master', 'rejected'), false],
      [identity('master', 'suspended'), false],
      [identity('apprentice', 'active'), false],
      [null, false],
    ]
    for (const [active, allowed] of cases) {
      const label = active ? `${active.role}/${active.status}` : 'no identity'
      assert.equal(await bouncerFor(user).allows('publishPaidCourse', active), allowed, label)
      assert.equal(await bouncerFor(user).allows('takeBookings', active), allowed, label)
    }
  })
})
