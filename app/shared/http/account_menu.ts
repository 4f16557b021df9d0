import { orderedRegistry } from '#shared/ordered_registry'

/**
 * A link of the signed-in user's account menu (the avatar's menu in the
 * header): a module's page of the user's own ("我的订单" → /orders), or a
 * staff screen. Registered at boot by the module that owns the page.
 */
export type AccountMenuLink = {
  name: string
  /** Lowest first; the account's own settings come before, staff screens after. */
  order: number
  href: string
  /** i18n key of the link's text */
  labelKey: string
  /** who sees it: everyone signed in (default), or admins only */
  audience?: 'everyone' | 'admin'
}

const links = orderedRegistry<AccountMenuLink>('An account menu link')

export const accountMenu = {
  /** Registers a link; returns the function that unregisters it. */
  register: links.register,
  /** The links a user sees. */
  for(user: { isAdmin: boolean }) {
    return links.all().filter((link) => link.audience !== 'admin' || user.isAdmin)
  },
}
