/** A piece of a message: plain text, or a link (rendered escaped either way). */
export type TextSegment = { text: string; href?: string }

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/gi
/** Punctuation that usually ends a sentence rather than a link. */
const TRAILING = /[.,;:!?)\]}'"。，；：！？）》」』]+$/u

/**
 * Splits a message into text and http(s) links, so that the template can
 * render links as <a> while every character stays escaped ({{ }}).
 */
export function linkSegments(body: string): TextSegment[] {
  const segments: TextSegment[] = []
  let last = 0
  for (const match of body.matchAll(URL_PATTERN)) {
    let url = match[0]
    const trailing = url.match(TRAILING)?.[0] ?? ''
    url = url.slice(0, url.length - trailing.length)
    if (!URL.canParse(url) || url.length < 10) continue
    const start = match.index!
    if (start > last) segments.push({ text: body.slice(last, start) })
    segments.push({ text: url, href: url })
    last = start + url.length
  }
  if (last < body.length) segments.push({ text: body.slice(last) })
  return segments
}
