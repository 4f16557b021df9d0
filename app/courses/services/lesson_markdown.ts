import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'
import { lessonImageSize } from '#courses/services/course_images'

/*
| Two walls. markdown-it renders with raw HTML off (a tag typed in the
| Markdown is shown as text) and refuses javascript:, vbscript:, file: and
| data: links itself. Its output then goes through an allowlist
| (sanitize-html): only the tags Markdown makes, only http(s)/mailto links
| and relative ones, no event handlers or styles beyond table alignment,
| images only from our own storage route (any other image becomes a link
| to it, and an unsafe one plain text).
*/
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false })

const LINK_REL = 'nofollow noopener noreferrer'

/** A page has its own <h1>: the text's headings start one level below. */
const headingBelow = (level: number) => () => ({
  tagName: `h${Math.min(level + 1, 6)}`,
  attribs: {},
})

const allowlist: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'ul',
    'ol',
    'li',
    'pre',
    'code',
    'em',
    'strong',
    's',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
    code: ['class'],
  },
  allowedClasses: { code: ['language-*'] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: headingBelow(1),
    h2: headingBelow(2),
    h3: headingBelow(3),
    h4: headingBelow(4),
    h5: headingBelow(5),
    a: (_tag, attribs) => ({ tagName: 'a', attribs: { ...attribs, rel: LINK_REL } }),
    img: (_tag, attribs): sanitizeHtml.Tag => {
      const size = lessonImageSize(attribs.src ?? '')
      if (!size) {
        // someone else's image: a link to it (its scheme still checked), never loaded here
        return {
          tagName: 'a',
          attribs: { href: attribs.src ?? '', rel: LINK_REL },
          text: attribs.alt || attribs.src || '',
        }
      }
      return {
        tagName: 'img',
        attribs: {
          src: attribs.src!,
          alt: attribs.alt ?? '',
          width: String(size.width),
          height: String(size.height),
          loading: 'lazy',
          decoding: 'async',
        },
      }
    },
  },
  // a link whose address was refused keeps its words, not the tag
  exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
}

/** Reading speeds: Chinese characters and other words per minute. */
const HAN_PER_MINUTE = 300
const WORDS_PER_MINUTE = 200
const SECONDS_PER_IMAGE = 10

export const lessonMarkdown = {
  /** Markdown → HTML safe to print unescaped. */
  render(source: string): string {
    return sanitizeHtml(markdown.render(source), allowlist)
  },

  /** About how long the text takes to read, in seconds (0 for no text). */
  readingSeconds(source: string): number {
    const han = source.match(/\p{Script=Han}/gu)?.length ?? 0
    const words = source.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0
    const images = source.match(/!\[[^\]]*\]\(/g)?.length ?? 0
    if (!han && !words && !images) return 0
    const seconds = (han / HAN_PER_MINUTE + words / WORDS_PER_MINUTE) * 60
    return Math.max(60, Math.ceil(seconds + images * SECONDS_PER_IMAGE))
  },
}

/** A course's description as HTML, through the same sanitiser as a text lesson. */
export function courseDescriptionHtml(course: { description: string }) {
  return lessonMarkdown.render(course.description)
}
