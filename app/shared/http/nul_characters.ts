/**
 * The dotted path of the first string in parsed input that holds a NUL
 * character (U+0000), or null. PostgreSQL cannot store one in text, so such
 * input must be refused as invalid before it reaches a query.
 */
export function pathOfNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'input' : null
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathOfNul(item, path ? `${path}.${index}` : String(index))
      if (found) return found
    }
    return null
  }
  // plain objects only: uploaded files and other class instances are not text the user typed
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return path || key.replaceAll('\u0000', '')
      const found = pathOfNul(item, path ? `${path}.${key}` : key)
      if (found) return found
    }
  }
  return null
}
