import type { MailRecipient } from '#realtime/index'
import User from '#identity/models/user'

export type { MailRecipient }

/** Where other modules may mail a user (digests, reminders): address, name and language. */
export const mailRecipients = {
  async of(ids: number[]): Promise<Map<number, MailRecipient>> {
    if (!ids.length) return new Map()
    const users = await User.query().whereIn('id', ids)
    return new Map(
      users.map((user) => [
        user.id,
        { id: user.id, email: user.email, displayName: user.displayName, locale: user.locale },
      ])
    )
  },
}
