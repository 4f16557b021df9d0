import { orderedRegistry } from '#shared/ordered_registry'

/**
 * One section of a page that another module fills in: it loads its props
 * for the page's subject (null: nothing to show) and names the component
 * that renders them.
 */
export type PageSection<Subject> = {
  name: string
  /** Position on the page, lowest first. */
  order: number
  component: string
  load: (subject: Subject) => Promise<Record<string, unknown> | null>
}

export type RenderedSection = { name: string; component: string; props: Record<string, unknown> }

/**
 * A registry of page sections (the profile page, the field page …): the
 * page's module owns it and renders what is registered; higher modules
 * register their sections at boot, so the page's module never imports them.
 * The sections load in parallel.
 */
export function pageSections<Subject>(page: string) {
  const sections = orderedRegistry<PageSection<Subject>>(`A section of the ${page} page`)
  return {
    /** Registers a section; returns the function that unregisters it. */
    register: sections.register,

    async render(subject: Subject): Promise<RenderedSection[]> {
      const ordered = sections.all()
      const loaded = await Promise.all(ordered.map((section) => section.load(subject)))
      return ordered.flatMap((section, index) => {
        const props = loaded[index]
        return props ? [{ name: section.name, component: section.component, props }] : []
      })
    },
  }
}
