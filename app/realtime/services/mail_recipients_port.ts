/** Where a user is mailed: address, name and language. */
export type MailRecipient = { id: number; email: string; displayName: string; locale: string }

export type MailRecipientLookup = (userIds: number[]) => Promise<Map<number, MailRecipient>>

let lookup: MailRecipientLookup | undefined

/**
 * The port through which realtime (the digest) reaches users' mail
 * addresses without knowing who keeps them: the identity module binds its
 * lookup at boot (providers/identity_provider.ts).
 */
export const mailRecipientsPort = {
  /** Binds the lookup; returns the function that unbinds it. */
  bind(resolver: MailRecipientLookup) {
    lookup = resolver
    return () => {
      if (lookup === resolver) lookup = undefined
    }
  },

  async of(userIds: number[]): Promise<Map<number, MailRecipient>> {
    if (!lookup) throw new Error('No mail recipient lookup is bound (identity binds it at boot)')
    return userIds.length ? lookup(userIds) : new Map()
  },
}
