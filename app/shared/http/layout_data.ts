import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { orderedRegistry } from '#shared/ordered_registry'
import { versionedCache } from '#shared/cache/versioned_cache'

/** The signed-in user as loaders see it (the auth guard's user). */
export type LayoutUser = { id: number }

/**
 * A module's part of the page layout: values for its header partial (the
 * bell's count, unread messages, later the cart and upcoming bookings).
 */
export type LayoutSlot = {
  name: string
  /**
   * Loads the values for a signed-in user when the full layout renders and
   * the user's cached values are gone. They are cached per user (so they
   * depend on the user alone, and are plain JSON) until the slot's module
   * calls `layoutData.changed(name, userIds)`.
   */
  load: (user: LayoutUser) => Promise<Record<string, unknown>>
  /** The module's header component, given these values as its props. */
  headerComponent?: string
  /** Position in the header, lowest first. */
  order: number
}

const slots = orderedRegistry<LayoutSlot>('Layout slot')

/**
 * Every slot's values of one user, under one per-user version: a page reads
 * two cache entries however many slots there are, and any slot's change
 * reloads them all (in parallel, once).
 */
const cached = versionedCache<Record<string, Record<string, unknown>>>('layout')

export type LayoutValues = { header: { component: string; props: Record<string, unknown> }[] }

/**
 * The registry of layout data. Modules register their slot at boot (from
 * their provider); the layout asks `layoutData.load()` as it renders, so a
 * fragment, a redirect, JSON or an SSE stream never pays for the header.
 * The values are cached per user; each module tells the registry when its
 * own slot's values change for some users (`changed`), after the change is
 * committed, so modules never import each other.
 */
export const layoutData = {
  /** Registers a slot; returns the function that unregisters it. */
  register: slots.register,

  /**
   * The named slot's values changed for these users: their next full page
   * loads them again. Pass the change's transaction to wait for its commit.
   */
  changed(
    slotName: string,
    userIds: number | Iterable<number>,
    trx?: TransactionClientContract | null
  ) {
    if (!slots.all().some((slot) => slot.name === slotName)) {
      throw new Error(`No layout slot named "${slotName}"`)
    }
    return cached.bumpAfterCommit(userIds, trx)
  },

  /** What the layout calls: a memoised loader for this request (nothing for guests). */
  forRequest(ctx: HttpContext) {
    let values: Promise<LayoutValues> | undefined
    return {
      load: () => (values ??= loadAll(ctx)),
    }
  },
}

async function loadSlots(user: LayoutUser) {
  const ordered = slots.all()
  const loaded = await Promise.all(ordered.map((slot) => slot.load({ id: user.id })))
  return Object.fromEntries(ordered.map((slot, index) => [slot.name, loaded[index]]))
}

async function loadAll(ctx: HttpContext): Promise<LayoutValues> {
  const user = ctx.auth.user as LayoutUser | undefined
  if (!user) return { header: [] }
  let values = await cached.get(user.id, () => loadSlots(user))
  if (slots.all().some((slot) => !(slot.name in values))) {
    // a slot registered since these values were cached
    values = await loadSlots(user)
    await cached.bump(user.id)
  }
  const header: LayoutValues['header'] = []
  for (const slot of slots.all()) {
    if (slot.headerComponent)
      header.push({ component: slot.headerComponent, props: values[slot.name] })
  }
  return { header }
}
