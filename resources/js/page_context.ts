/*
| What the scripts share about the server-rendered page: the CSRF token the
| layout puts on <body> (for htmx), and the unread counts in the header.
*/

/** The session's CSRF token, from `hx-headers` on <body> ('' when the page has none). */
export function csrfToken(): string {
  try {
    return JSON.parse(document.body.getAttribute('hx-headers') ?? '{}')['X-CSRF-TOKEN'] ?? ''
  } catch {
    return ''
  }
}

/**
 * Sets the count badge of a header link (`badgeClass`, as the header template
 * renders it): added when there is something unread, "99+" past 99, removed at zero.
 */
export function setCountBadge(link: HTMLElement, badgeClass: string, count: number) {
  let badge = link.querySelector<HTMLElement>(`.${badgeClass.trim().split(/\s+/).join('.')}`)
  if (count && !badge) {
    badge = document.createElement('span')
    badge.className = badgeClass
    badge.setAttribute('aria-hidden', 'true')
    link.append(badge)
  }
  if (badge) {
    if (count) badge.textContent = count > 99 ? '99+' : String(count)
    else badge.remove()
  }
}
