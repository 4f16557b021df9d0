import { DateTime } from 'luxon'
import { BaseSeeder } from '@adonisjs/lucid/seeders'
import Field from '#identity/models/field'
import User from '#identity/models/user'

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
export const DEMO_USERS = [
  { email: 'admin@example.com', displayName: '管理员 Admin', password: 'demo-password' },
  { email: 'master@example.com', displayName: '林师傅', password: 'demo-password' },
  { email: 'apprentice@example.com', displayName: '小周', password: 'demo-password' },
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
    for (const demo of DEMO_USERS) {
      if (await User.findBy('email', demo.email, { client: this.client })) continue
      await User.create({ ...demo, emailVerifiedAt: DateTime.now() }, { client: this.client })
    }
  }
}
