import { Transmit } from '@adonisjs/transmit-client'
import { csrfToken, setChatNavCount, setCountBadge } from './page_context.js'

type Bell = { unread: number; label: Record<string, string> }
type ChatUnread = { type: 'chat.unread'; total: number; label: Record<string, string> }
type LiveNotification = {
  id: number
  text: Record<string, string>
  url: string | null
  bell?: Bell
}

const inPageLanguage = (texts: Record<string, string>) =>
  texts[document.documentElement.lang] ?? Object.values(texts)[0] ?? ''

function showToast(notification: LiveNotification) {
  // one at a time: a newer notification replaces the toast of the previous one
  document.querySelector('.toast-live')?.remove()
  const toast = document.createElement('a')
  toast.className = 'toast toast-live'
  toast.setAttribute('role', 'status')
  toast.href = notification.url ?? '/notifications'
  toast.textContent = inPageLanguage(notification.text)
  document.body.append(toast)
  setTimeout(() => toast.remove(), 6500)
}

let seenUpTo = 0
let seenTimer: ReturnType<typeof setTimeout> | undefined

/** Tells the server what the bell showed (batched): a digest mail never repeats it. */
function reportSeen(id: number) {
  seenUpTo = Math.max(seenUpTo, id)
  clearTimeout(seenTimer)
  seenTimer = setTimeout(() => {
    void fetch('/notifications/seen', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Accept': 'application/json',
        'Content-Type': 'application/json',
        'X-CSRF-TOKEN': csrfToken(),
      },
      body: JSON.stringify({ upTo: seenUpTo }),
    }).catch(() => {})
  }, 1000)
}

/**
 * The header bell, live (Transmit SSE). Transmit delivers at most once, so on
 * every (re)subscription the bell first asks what it missed since the last id
 * it knows (`/notifications/feed?after=`); an id already shown is ignored.
 */
export function liveNotifications() {
  let transmit: Transmit | null = null
  return {
    init(this: { $el: HTMLElement }) {
      const bellLink = this.$el
      const channel = bellLink.dataset.channel
      if (!channel || typeof EventSource === 'undefined') return
      // the page already shows everything up to this id
      const pageLastId = Number(bellLink.dataset.lastId ?? 0)
      let lastId = pageLastId
      const shown = new Set<number>()

      const setBell = ({ unread, label }: Bell) => {
        setCountBadge(bellLink, 'bell-count', unread)
        bellLink.classList.toggle('bell-unread', unread > 0)
        const spoken = bellLink.querySelector('.visually-hidden')
        if (spoken) spoken.textContent = inPageLanguage(label)
      }

      const receive = (notification: LiveNotification, live: boolean) => {
        // the resume point moves only over a gap-free sequence: the catch-up, or live once caught up
        if (!live || caughtUp) lastId = Math.max(lastId, notification.id)
        if (shown.has(notification.id) || notification.id <= pageLastId) return
        shown.add(notification.id)
        reportSeen(notification.id)
        if (notification.bell) setBell(notification.bell)
        showToast(notification)
      }

      let caughtUp = false
      const catchUp = async () => {
        caughtUp = false
        // the feed answers a page at a time (CATCH_UP_LIMIT): ask again until a short page
        for (let page = 0; page < 20; page++) {
          const response = await fetch(`/notifications/feed?after=${lastId}`, {
            headers: { Accept: 'application/json' },
            credentials: 'same-origin',
          })
          if (!response.ok) return
          const { items, bell, more } = (await response.json()) as {
            items: LiveNotification[]
            bell: Bell
            more: boolean
          }
          for (const item of items) receive(item, false)
          setBell(bell)
          if (!more) break
        }
        caughtUp = true
      }

      transmit = new Transmit({
        baseUrl: window.location.origin,
        beforeSubscribe: (request) => request.headers.set('X-CSRF-TOKEN', csrfToken()),
        onSubscription: () => void catchUp().catch(() => {}),
      })
      transmit.on('disconnected', () => (caughtUp = false))
      const subscription = transmit.subscription(channel)
      subscription.onMessage<LiveNotification | ChatUnread>((message) => {
        // the same private channel carries the header's unread message total
        if ('type' in message && message.type === 'chat.unread') {
          setChatNavCount(message.total, inPageLanguage(message.label))
        } else receive(message as LiveNotification, true)
      })
      void subscription.create()
    },
    destroy() {
      transmit?.close()
      transmit = null
    },
  }
}
