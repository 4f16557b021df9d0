import type { HttpContext } from '@adonisjs/core/http'
import { orderedRegistry } from '#shared/ordered_registry'

/** The signed-in user as loaders see it (the auth guard's user). */
export type LayoutUser = { id: number }

/**
 * A module's part of the page layout: values for its header partial (the
 * bell's count, unread messages, later the cart and upcoming bookings).
 */
export type LayoutSlot = {
  name: string
  /** Loads the values for a signed-in user; runs only when the full layout renders. */
  load: (user: LayoutUser, ctx: HttpContext) => Promise<Record<string, unknown>>
  /** The module's header component, given these values as its props. */
  headerComponent?: string
  /** Position in the header, lowest first. */
  order: number
}

const slots = orderedRegistry<LayoutSlot>('Layout slot')

export type LayoutValues = { header: { component: string; props: Record<string, unknown> }[] }

/**
 * The registry of layout data. Modules register their slot at boot (from
 * their provider); the layout asks `layoutData.load()` as it renders, so a
 * fragment, a redirect, JSON or an SSE stream never pays for the header:
 * the loaders run then, in parallel, once per request.
 */
export const layoutData = {
  /** Registers a slot; returns the function that unregisters it. */
  register: slots.register,

  /** What the layout calls: a memoised loader for this request (nothing for guests). */
  forRequest(ctx: HttpContext) {
    let values: Promise<LayoutValues> | undefined
    return {
      load: () => (values ??= loadAll(ctx)),
    }
  },
}

async function loadAll(ctx: HttpContext): Promise<LayoutValues> {
  const user = ctx.auth.user as LayoutUser | undefined
  if (!user) return { header: [] }
  const ordered = slots.all()
  const loaded = await Promise.all(ordered.map((slot) => slot.load(user, ctx)))
  const header: LayoutValues['header'] = []
  ordered.forEach((slot, index) => {
    if (slot.headerComponent) header.push({ component: slot.headerComponent, props: loaded[index] })
  })
  return { header }
}
