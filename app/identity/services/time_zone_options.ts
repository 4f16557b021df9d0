import { edgeGlobals } from 'edge.js'

/** Every IANA time zone this runtime knows, as the profile settings offer them. */
export const timeZones = Intl.supportedValuesOf('timeZone')

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
