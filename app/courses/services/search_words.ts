/*
| Words for full-text search in Chinese and English (and any mix): PostgreSQL's
| `simple` configuration splits on spaces and punctuation only, which leaves a
| Chinese sentence one "word". So the text is segmented here with
| Intl.Segmenter (ICU's dictionary: 陶艺 / 零 / 基础 / 入门), lower-cased and
| joined with spaces before it reaches to_tsvector('simple', …).
|
| ICU cuts words it does not know into single characters (拉坯 → 拉 / 坯), and
| may cut the same characters differently in a title and in a query. So a
| document also carries every pair of neighbouring Chinese characters
| (bigrams: 拉坯, 坯调 …), and a query word of several characters matches
| either itself or all of its bigrams: "拉坯" finds "零基础学拉坯" whatever
| the dictionary does with it.
*/

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })

/** Han characters (Chinese; kanji too): the scripts the dictionary cuts into words. */
const HAN = /^\p{Script=Han}+$/u
/** What a lexeme keeps: letters, marks and digits (no quotes, so tsquery syntax cannot leak in). */
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/gu
/** Markdown link targets and bare addresses say nothing a searcher types. */
const ADDRESSES = /\]\([^)]*\)|https?:\/\/\S+/g

/** Longest text segmented for one document part (a long description's start says enough). */
const MAX_TEXT = 20_000
/** Longest lexeme PostgreSQL indexes comfortably (its limit is 2 KB). */
const MAX_WORD = 60

/** The words of a text, lower-cased, in order (repeats kept). */
export function searchWords(text: string): string[] {
  const normalized = text.slice(0, MAX_TEXT).replace(ADDRESSES, ' ').normalize('NFKC')
  const words: string[] = []
  for (const { segment, isWordLike } of segmenter.segment(normalized)) {
    if (!isWordLike) continue
    const word = segment.toLowerCase().replace(NOT_WORD, '').slice(0, MAX_WORD)
    if (word) words.push(word)
  }
  return words
}

const isHan = (word: string) => HAN.test(word)
const isSingleHan = (word: string) => isHan(word) && [...word].length === 1

/** Every pair of neighbouring characters of a Han word. */
function bigramsOf(word: string): string[] {
  const chars = [...word]
  const pairs: string[] = []
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1])
  return pairs
}

/**
 * The lexemes of one part of a document (title, description …), joined by
 * spaces for to_tsvector('simple', …): its words, then the bigrams of each run
 * of Han characters (which spans the dictionary's cuts).
 */
export function documentText(text: string): string {
  const words = searchWords(text)
  const extra: string[] = []
  let run = ''
  const flush = () => {
    if ([...run].length > 1) extra.push(...bigramsOf(run))
    run = ''
  }
  for (const word of words) {
    if (isHan(word)) run += word
    else flush()
  }
  flush()
  return [...words, ...extra].join(' ')
}

/** Lexemes are letters and digits only (searchWords), so quoting is all a tsquery needs. */
const quoted = (lexeme: string) => `'${lexeme}'`

function queryTerm(word: string, prefix: boolean) {
  const whole = prefix ? `${quoted(word)}:*` : quoted(word)
  if (!isHan(word) || [...word].length < 3) return whole
  return `(${whole} | (${bigramsOf(word).map(quoted).join(' & ')}))`
}

/**
 * A to_tsquery('simple', …) expression for what a visitor typed: every word
 * must match; the last one may be the start of a word (typing "陶" or
 * "glaz" already finds). Null when the text has no word at all.
 */
export function searchQuery(text: string): string | null {
  const words = [...new Set(searchWords(text.slice(0, 200)))].slice(0, 12)
  if (!words.length) return null
  // a lone Han character is most often the start of a word the dictionary kept whole
  return words
    .map((word, index) => queryTerm(word, index === words.length - 1 || isSingleHan(word)))
    .join(' & ')
}
