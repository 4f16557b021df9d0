/**
 * Where to send the visitor back to after a form: only a path on this site
 * (no `//host`, `/\host` or whitespace tricks that browsers read as another origin).
 */
export function safeBackPath(back: string | undefined | null, fallback = '/') {
  return back && /^\/(?![/\\])/.test(back) && !/[\\\s]/.test(back) ? back : fallback
}
