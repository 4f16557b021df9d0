import { orderedRegistry } from '#shared/ordered_registry'

/**
 * A link of the header's main navigation, for everyone (guests included, on
 * cached pages too): a module's way in ("课程" → /courses). Registered at
 * boot by the module that owns the page, so the header never names it.
 */
export type MainNavLink = {
  name: string
  /** After "home" (0), lowest first. */
  order: number
  href: string
  /** i18n key of the link's text */
  labelKey: string
}

const links = orderedRegistry<MainNavLink>('A main navigation link')

export const mainNav = {
  /** Registers a link; returns the function that unregisters it. */
  register: links.register,
  all: () => links.all(),
}
