import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import PortfolioItem from '#identity/models/portfolio_item'
import { portfolioStore } from '#identity/services/portfolio_store'

type DemoWork = { title: string; description: string; shape: string; glaze: string }

const vase = 'M130 60h60v30c40 20 60 60 60 110s-30 90-90 90-90-40-90-90 20-90 60-110z'
const bowl = 'M40 150h240c0 80-50 120-120 120S40 230 40 150z'
const strokes =
  'M70 80c40-10 120-10 180 0M90 140c30 10 110 10 140 0M160 60c-10 80 0 160 -10 230M100 200l-30 70M220 200l30 70'

/** Works for the demo identities, keyed "email:field slug:role". Drawn, not photographed. */
export const DEMO_WORKS: Record<string, DemoWork[]> = {
  'master@example.com:ceramics:master': [
    {
      title: '天青釉梅瓶',
      description: '景德镇高岭土，1280℃ 还原焰。',
      shape: vase,
      glaze: '#7fa6a0',
    },
    { title: '柴烧茶碗', description: '三天三夜柴窑，自然落灰釉。', shape: bowl, glaze: '#8a5a3b' },
    { title: '青花小罐', description: '手绘缠枝莲纹。', shape: vase, glaze: '#2f4f8f' },
  ],
  'master@example.com:calligraphy:apprentice': [
    { title: '临《多宝塔碑》', description: '第一个月的楷书练习。', shape: strokes, glaze: '#222' },
  ],
  'calligrapher@example.com:calligraphy:master': [
    { title: '颜体中堂', description: '“宁静致远”，四尺整张。', shape: strokes, glaze: '#111' },
    { title: '行书扇面', description: '录《兰亭序》一段。', shape: strokes, glaze: '#5a3a1a' },
  ],
}

async function draw(dir: string, work: DemoWork) {
  const fill = work.shape === strokes ? 'none' : work.glaze
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320">
    <rect width="320" height="320" fill="#f4efe6"/>
    <path d="${work.shape}" fill="${fill}" stroke="${work.glaze}" stroke-width="${fill === 'none' ? 14 : 2}" stroke-linecap="round"/>
  </svg>`
  const path = join(dir, `${work.title}.png`)
  await writeFile(path, await sharp(Buffer.from(svg)).png().toBuffer())
  return path
}

/** Adds the demo works of one identity (called once, when the identity is created). */
export async function seedDemoWorks(key: string, identityId: number, client: QueryClientContract) {
  const works = DEMO_WORKS[key]
  if (!works) return
  const dir = await mkdtemp(join(tmpdir(), 'demo-works-'))
  try {
    for (const work of works) {
      const image = await portfolioStore.save(await draw(dir, work))
      await PortfolioItem.create(
        { identityId, title: work.title, description: work.description, ...image },
        { client }
      )
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
