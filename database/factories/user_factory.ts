import { DateTime } from 'luxon'
import factory from '@adonisjs/lucid/factories'
import User from '#identity/models/user'

/** The password every factory user has, unless a test sets another. */
export const DEFAULT_PASSWORD = 'correct horse battery'

export const UserFactory = factory
  .define(User, ({ faker }) => ({
    email: `${faker.string.uuid()}@example.com`,
    password: DEFAULT_PASSWORD,
    displayName: faker.person.firstName().slice(0, 50),
    bio: null,
    avatarKey: null,
    locale: 'en',
    timeZone: 'Europe/Paris',
    emailVerifiedAt: DateTime.now(),
  }))
  .state('unverified', (user) => {
    user.emailVerifiedAt = null
  })
  .state('chinese', (user) => {
    user.locale = 'zh-CN'
    user.timeZone = 'Asia/Shanghai'
  })
  .build()
