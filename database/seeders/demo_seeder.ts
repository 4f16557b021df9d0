import { DateTime } from 'luxon'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import Field from '#identity/models/field'
import User from '#identity/models/user'
import Identity, { type IdentityRole, type IdentityStatus } from '#identity/models/identity'
import { seedDemoWorks } from '#database/demo/demo_works'
import { seedDemoChat } from '#database/demo/demo_chat'
import { seedDemoCourses } from '#database/demo/demo_courses'
import { seedDemoPayments } from '#database/demo/demo_payments'
import { DEMO_COURSE_MASTERS } from '#database/demo/demo_course_catalogue'

export const DEMO_FIELDS = [
  [
    'ceramics',
    '陶艺',
    'Ceramics',
    '拉坯、修坯、上釉与烧制',
    'Throwing, trimming, glazing and firing',
  ],
  [
    'calligraphy',
    '书法',
    'Calligraphy',
    '笔墨纸砚间的楷行草隶篆',
    'Brush, ink and the five scripts',
  ],
  ['woodworking', '木工', 'Woodworking', '榫卯结构与传统家具', 'Joinery and traditional furniture'],
  ['tea', '茶艺', 'Tea art', '识茶、泡茶与茶席', 'Knowing, brewing and serving tea'],
  ['embroidery', '刺绣', 'Embroidery', '苏绣、湘绣与针法', 'Suzhou, Hunan and their stitches'],
  ['cooking', '烹饪', 'Cooking', '刀工、火候与地方菜', 'Knife work, heat and regional dishes'],
  ['photography', '摄影', 'Photography', '光线、构图与暗房', 'Light, composition and the darkroom'],
  ['guqin', '古琴', 'Guqin', '指法、减字谱与琴曲', 'Fingering, tablature and the repertoire'],
] as const

/** Local use only: these logins are listed in the README. */
type DemoIdentity = [
  slug: string,
  role: IdentityRole,
  status: IdentityStatus,
  headline: string | null,
]

export const DEMO_USERS: {
  email: string
  displayName: string
  password: string
  staffRole?: 'admin'
  identities: DemoIdentity[]
}[] = [
  {
    email: 'admin@example.com',
    displayName: '管理员 Admin',
    password: 'demo-password',
    staffRole: 'admin',
    identities: [],
  },
  {
    email: 'master@example.com',
    displayName: '林师傅',
    password: 'demo-password',
    identities: [
      ['ceramics', 'master', 'certified', '景德镇三十年拉坯'],
      ['calligraphy', 'apprentice', 'active', null],
    ],
  },
  {
    email: 'calligrapher@example.com',
    displayName: '王老师',
    password: 'demo-password',
    identities: [
      ['calligraphy', 'master', 'certified', '颜体楷书，二十年教学'],
      ['tea', 'master', 'pending', null],
    ],
  },
  {
    email: 'apprentice@example.com',
    displayName: '小周',
    password: 'demo-password',
    identities: [
      ['calligraphy', 'apprentice', 'active', null],
      ['tea', 'apprentice', 'active', null],
    ],
  },
  {
    email: 'learner@example.com',
    displayName: '小李',
    password: 'demo-password',
    identities: [['ceramics', 'apprentice', 'active', null]],
  },
  // the masters of the other fields' demo courses
  ...DEMO_COURSE_MASTERS.map(([email, displayName, slug, headline]) => ({
    email,
    displayName,
    password: 'demo-password',
    identities: [[slug, 'master', 'certified', headline] as DemoIdentity],
  })),
]

/**
 * Demo data for a local run. Idempotent: run on every embedded start, it
 * only adds what is missing.
 */
export default class DemoSeeder extends BaseSeeder {
  async run() {
    await Field.updateOrCreateMany(
      'slug',
      DEMO_FIELDS.map(([slug, nameZh, nameEn, descriptionZh, descriptionEn], index) => ({
        slug,
        nameZh,
        nameEn,
        descriptionZh,
        descriptionEn,
        sortOrder: index + 1,
      })),
      { client: this.client }
    )
    const fields = await Field.query({ client: this.client })
    const fieldIds = new Map(fields.map((field) => [field.slug, field.id]))
    for (const { identities, ...demo } of DEMO_USERS) {
      let user = await User.findBy('email', demo.email, { client: this.client })
      if (user) continue
      user = await User.create(
        { ...demo, emailVerifiedAt: DateTime.now() },
        { client: this.client }
      )
      for (const [slug, role, status, headline] of identities) {
        const identity = await Identity.create(
          { userId: user.id, fieldId: fieldIds.get(slug)!, role, status, headline },
          { client: this.client }
        )
        await seedDemoWorks(`${demo.email}:${slug}:${role}`, identity.id, this.client)
        if (!user.defaultIdentityId) {
          user.defaultIdentityId = identity.id
          await user.save()
        }
      }
    }
    await seedDemoChat(this.client)
    await seedDemoCourses()
    await seedDemoPayments()
  }
}
