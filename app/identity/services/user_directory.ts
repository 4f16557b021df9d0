import User from '#identity/models/user'

/** What other modules may show of a user: the shared basic profile. */
export type UserCard = {
  id: number
  displayName: string
  avatarKey: string | null
  initials: string
  locale: string
  timeZone: string
}

const toCard = (user: User): UserCard => ({
  id: user.id,
  displayName: user.displayName,
  avatarKey: user.avatarKey,
  initials: user.initials,
  locale: user.locale,
  timeZone: user.timeZone,
})

/** Looks users up by id for other modules (chat lists, names beside messages). */
export const userDirectory = {
  toCard,

  async cards(ids: number[]): Promise<Map<number, UserCard>> {
    const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0)
    if (!unique.length) return new Map()
    const users = await User.query().whereIn('id', unique)
    return new Map(users.map((user) => [user.id, toCard(user)]))
  },

  async card(id: number): Promise<UserCard | null> {
    const cards = await this.cards([id])
    return cards.get(id) ?? null
  },
}
