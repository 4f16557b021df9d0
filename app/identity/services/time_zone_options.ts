import { edgeGlobals } from 'edge.js'

/**
 * Every IANA time zone this runtime knows, as the profile settings offer them,
 * in V8's spelling (`Asia/Calcutta`, `Europe/Kiev`), plus `UTC`, which the
 * list leaves out but sign-up and the settings accept.
 */
export const timeZones = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])]
const offered = new Set(timeZones)

/**
 * A zone name as the browser reported it, in the list's spelling: Firefox and
 * Safari say `Asia/Kolkata`, `Europe/Kyiv`, `Etc/UTC`, which V8 knows as
 * aliases of `Asia/Calcutta`, `Europe/Kiev`, `UTC`. Undefined for anything
 * that is not a zone of the list (offsets like `+08:00`, made-up names).
 */
export function canonicalTimeZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || zone.length > 64) return undefined
  if (offered.has(zone)) return zone
  try {
    const name = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone
    return offered.has(name) ? name : undefined
  } catch {
    return undefined
  }
}

const option = (zone: string) => `<option>${edgeGlobals.html.escape(zone)}</option>`

/**
 * The ~400 <option>s of the time-zone <select>, rendered once: an Edge loop
 * over them cost more than the rest of the settings page. An option without
 * a value attribute submits its text, which halves the bytes.
 */
const allOptions = timeZones.map(option).join('')

/** The options with `selected` one marked (HTML we built and escaped ourselves). */
export function timeZoneOptions(selected: string | null | undefined) {
  const marked = selected && timeZones.includes(selected) ? option(selected) : undefined
  const html = marked
    ? allOptions.replace(marked, `<option selected>${marked.slice('<option>'.length)}`)
    : allOptions
  return edgeGlobals.html.safe(html)
}
