/**
 * Named entries kept in order (lowest `order` first), for the registries
 * that higher modules fill in at boot. Registering returns the function that
 * unregisters the entry; a second entry with the same name is refused.
 */
export function orderedRegistry<Entry extends { name: string; order: number }>(what: string) {
  const entries = new Map<string, Entry>()
  let ordered: Entry[] = []
  return {
    register(entry: Entry) {
      if (entries.has(entry.name)) throw new Error(`${what} "${entry.name}" is already registered`)
      entries.set(entry.name, entry)
      ordered = [...entries.values()].sort((a, b) => a.order - b.order)
      return () => {
        if (entries.get(entry.name) !== entry) return
        entries.delete(entry.name)
        ordered = ordered.filter((other) => other !== entry)
      }
    },

    /** Every entry, lowest order first. */
    all(): readonly Entry[] {
      return ordered
    },
  }
}
