/*
| What the scripts share about the server-rendered page: the CSRF token the
| layout puts on <body> (for htmx), and the unread counts in the header.
*/

/**
 * The session's CSRF token, from `hx-headers:inherited` on <body> ('' when the
 * page has none): htmx 4 passes an attribute down to the elements inside only
 * with the `:inherited` modifier.
 */
export function csrfToken(): string {
  try {
    return JSON.parse(document.body.getAttribute('hx-headers:inherited') ?? '{}')['X-CSRF-TOKEN'] ?? ''
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

/** The header's messages link: the unread total (and its spoken label, when the server sent one). */
export function setChatNavCount(total: number, label?: string) {
  const link = document.querySelector<HTMLElement>('[data-chat-nav]')
  if (!link) return
  setCountBadge(link, 'bell-count chat-nav-count', total)
  link.classList.toggle('chat-nav-unread', total > 0)
  const spoken = link.querySelector('.visually-hidden')
  if (spoken && label) spoken.textContent = label
}
