import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { chatService } from '#chat/index'

/** The demo conversation: 小周 asks 林师傅 about a lesson. Fixed client ids keep it idempotent. */
const DEMO_CHAT: [from: 'master' | 'apprentice', clientId: string, body: string][] = [
  ['apprentice', '6f1c2c1e-3f0a-4b8e-9a51-000000000001', '林师傅好！我是小周，想跟您学拉坯。'],
  ['master', '6f1c2c1e-3f0a-4b8e-9a51-000000000002', '欢迎！先说说你现在的基础？'],
  [
    'apprentice',
    '6f1c2c1e-3f0a-4b8e-9a51-000000000003',
    '在社区陶艺课学过三个月，能拉小杯子，但总是偏心。',
  ],
  [
    'master',
    '6f1c2c1e-3f0a-4b8e-9a51-000000000004',
    '偏心多半是定中心不够稳。这周末可以约一次一对一指导，我们从定中心练起。',
  ],
  ['apprentice', '6f1c2c1e-3f0a-4b8e-9a51-000000000005', '太好了，谢谢师傅！'],
]

/**
 * A few messages between the demo master (master@example.com) and apprentice
 * (apprentice@example.com); nothing when either is missing.
 */
export async function seedDemoChat(client: QueryClientContract) {
  const users = await client
    .from('users')
    .whereIn('email', ['master@example.com', 'apprentice@example.com'])
    .select('id', 'email')
  const master = users.find((user) => user.email === 'master@example.com')
  const apprentice = users.find((user) => user.email === 'apprentice@example.com')
  if (!master || !apprentice) return
  const ids = { master: Number(master.id), apprentice: Number(apprentice.id) }
  const { id } = await chatService.directConversation(ids.apprentice, ids.master)
  for (const [from, clientId, body] of DEMO_CHAT) {
    await chatService.send(id, ids[from], clientId, body)
  }
  // 林师傅 has read everything but the last one: one unread for him in the demo
  const messages = await chatService.history(id, { limit: DEMO_CHAT.length })
  await chatService.markRead(id, ids.master, messages.messages.at(-2)?.id ?? 0)
}
