/*
| The conversation page, live (WebSocket protocol: app/chat/chat_ws.ts).
| Without JavaScript the page is a form that posts and redirects; with it,
| messages go over the socket with a client-generated id (a resend after a
| reconnect is stored once), show as "sending" until acknowledged, and a
| reconnect first asks for what it missed (chat.sync from the last id).
| Every message arrives as HTML the server rendered from the page's own
| partial (resources/views/chat/_messages.edge) for this reader; a message
| being sent shows in the page's <template class="chat-pending"> until then.
*/
import { csrfToken, setChatNavCount } from './page_context.js'

type Message = { id: number; senderId: number; clientId: string }
type Event = { type: string; re?: string; [key: string]: any }

/** The server's message items (escaped by the server's templates), by message id. */
function itemsOf(html: string) {
  const template = document.createElement('template')
  template.innerHTML = html
  const items = new Map<number, HTMLLIElement>()
  for (const item of template.content.querySelectorAll<HTMLLIElement>('li[data-id]')) {
    items.set(Number(item.dataset.id), item)
  }
  return items
}

/** Errors a resend cannot fix: no retry is offered. */
const FINAL_ERRORS = new Set([
  'forbidden',
  'invalid',
  'chat.blocked',
  'chat.not_member',
  'chat.not_found',
  'chat.self',
  'chat.invalid_body',
])

/** How long a message may wait for its acknowledgement before it shows as failed. */
const ACK_TIMEOUT_MS = 10_000

/**
 * In the reader's own zone (their profile's, as the server renders the page), not the
 * browser's; the time alone when it is today there (as formatMoment does on the server).
 */
const formatTime = (iso: string, timeZone?: string) => {
  const zone = timeZone || undefined
  const day = (date: Date) => date.toLocaleDateString('en-CA', { timeZone: zone })
  const date = new Date(iso)
  return date.toLocaleString(document.documentElement.lang, {
    dateStyle: day(date) === day(new Date()) ? undefined : 'medium',
    timeStyle: 'short',
    timeZone: zone,
  })
}

export function chat() {
  let socket: WebSocket | null = null
  let stopped = false
  let presenceTimer = 0
  /** Removes what init added outside the component (listeners, timers). */
  let teardown = () => {}
  return {
    init(this: { $el: HTMLElement }) {
      const root = this.$el
      const data = root.dataset
      const form = root.querySelector<HTMLFormElement>('.chat-form')
      const log = root.querySelector<HTMLOListElement>('.chat-log')
      const input = form?.querySelector<HTMLTextAreaElement>('textarea')
      const pendingTemplate = root.querySelector<HTMLTemplateElement>('template.chat-pending')
      const canRun = typeof WebSocket !== 'undefined' && window.crypto?.randomUUID
      if (!form || !log || !input || !pendingTemplate || !canRun) return
      const conversationId = Number(data.conversation)
      const me = Number(data.me)
      const room = `conversation:${conversationId}`
      const typing = root.querySelector<HTMLElement>('.chat-typing')
      const presenceLine = root.querySelector<HTMLElement>('[data-presence]')
      let lastId = Number(data.lastId) || 0
      /**
       * Each other member's read marker: a message is read when every other
       * member read it (the lowest marker), as the server counts it. The page
       * gives that lowest marker; each member starts from it.
       */
      const initialReadUpTo = Number(data.readUpTo) || 0
      const readBy = new Map<number, number>(
        (data.others ?? '')
          .split(',')
          .filter(Boolean)
          .map((id) => [Number(id), initialReadUpTo])
      )
      let readUpTo = initialReadUpTo
      let typingTimer = 0
      let typingSentAt = 0
      let retryMs = 1000
      /** Sent and not yet acknowledged, by client id: resent after a reconnect. */
      const pending = new Map<string, { body: string; item: HTMLLIElement; timer: number }>()
      let blocked = Boolean(data.blocked)

      const send = (message: Record<string, unknown>) => {
        if (socket?.readyState !== WebSocket.OPEN) return false
        socket.send(JSON.stringify(message))
        return true
      }

      const nearBottom = () =>
        window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 120

      /** A message being sent: the page's template with the text (as text), until the server's item. */
      const pendingItem = (body: string) => {
        const item = pendingTemplate.content.querySelector('li')!.cloneNode(true) as HTMLLIElement
        item.querySelector('.chat-bubble')!.textContent = body
        return item
      }

      const setStatus = (item: HTMLElement, text: string | null) => {
        item.querySelector('.chat-status')?.remove()
        item.querySelector('.chat-retry')?.remove()
        if (!text) return
        const status = document.createElement('span')
        status.className = 'chat-status'
        status.textContent = text
        item.querySelector('.chat-meta')!.append(status)
      }

      /** Shows the message as not sent: the reason, and a retry button when a resend can succeed. */
      const fail = (clientId: string, reason: string, retryable: boolean) => {
        const failed = pending.get(clientId)
        if (!failed) return
        pending.delete(clientId)
        clearTimeout(failed.timer)
        failed.item.classList.remove('chat-msg-pending')
        failed.item.classList.add('chat-msg-failed')
        setStatus(failed.item, reason)
        if (!retryable || blocked) return
        const button = document.createElement('button')
        button.type = 'button'
        button.className = 'chat-status chat-failed chat-retry'
        button.textContent = data.textRetry ?? ''
        button.addEventListener('click', () => {
          failed.item.remove()
          queue(failed.body)
        })
        failed.item.querySelector('.chat-meta')!.append(button)
      }

      /** Shows "已读" on my last message the others have read. */
      const showRead = () => {
        log.querySelector('.chat-read')?.remove()
        const mine = [...log.querySelectorAll<HTMLLIElement>(`.chat-msg[data-sender="${me}"]`)]
        const read = mine.reverse().find((item) => Number(item.dataset.id) <= readUpTo)
        if (!read) return
        const label = document.createElement('span')
        label.className = 'chat-read'
        label.textContent = data.textRead ?? ''
        read.querySelector('.chat-meta')?.append(label)
      }

      const markRead = () => {
        if (document.visibilityState === 'visible' && lastId) {
          send({ type: 'chat.read', conversationId, upToId: lastId })
        }
      }

      /** Shows the server's item of a message: in place of mine being sent, or at the end. */
      const receive = (message: Message, item: HTMLLIElement | undefined) => {
        if (!item || document.getElementById(`m${message.id}`)) return
        const stick = nearBottom()
        const waiting = message.senderId === me ? pending.get(message.clientId) : undefined
        // mine, shown as failed after a timeout and acknowledged late: that one
        const late =
          message.senderId === me
            ? log.querySelector<HTMLLIElement>(
                `.chat-msg[data-client-id="${CSS.escape(message.clientId)}"]`
              )
            : null
        if (waiting) {
          clearTimeout(waiting.timer)
          pending.delete(message.clientId)
          waiting.item.replaceWith(item)
        } else if (late) {
          late.replaceWith(item)
        } else {
          log.querySelector('.chat-none')?.remove()
          log.append(item)
        }
        lastId = Math.max(lastId, message.id)
        if (message.senderId !== me) {
          if (typing) typing.hidden = true
          online()
        }
        if (stick || message.senderId === me) item.scrollIntoView({ block: 'end' })
      }

      const online = () => {
        if (!presenceLine) return
        presenceLine.textContent = data.textOnline ?? ''
        presenceLine.classList.add('is-online')
      }

      /** Sends (again); without an acknowledgement in time the message shows as failed. */
      const submit = (clientId: string, body: string) => {
        const waiting = pending.get(clientId)
        if (waiting) {
          clearTimeout(waiting.timer)
          waiting.timer = window.setTimeout(
            () => fail(clientId, data.textFailed ?? '', true),
            ACK_TIMEOUT_MS
          )
        }
        send({ type: 'chat.send', id: clientId, conversationId, clientId, body })
      }

      /** A block made while the page is open: no more sending, typing or presence. */
      const showBlocked = () => {
        blocked = true
        root.dataset.blocked = '1'
        root.querySelector<HTMLElement>('.chat-blocked-live')?.removeAttribute('hidden')
        form.hidden = true
        if (typing) typing.hidden = true
        presenceLine?.remove()
        for (const clientId of [...pending.keys()]) fail(clientId, data.textFailed ?? '', false)
      }

      const handle = (event: Event) => {
        switch (event.type) {
          case 'joined':
            retryMs = 1000
            root.dataset.live = 'true'
            send({ type: 'chat.sync', id: 'sync', conversationId, afterId: lastId })
            send({ type: 'chat.presence', conversationId })
            for (const [clientId, { body }] of pending) submit(clientId, body)
            break
          case 'chat.synced': {
            const items = itemsOf(event.html ?? '')
            for (const message of event.messages as Message[])
              receive(message, items.get(message.id))
            if (event.hasMore) send({ type: 'chat.sync', conversationId, afterId: lastId })
            else markRead()
            break
          }
          case 'chat.sent':
          case 'chat.message':
            if (event.conversationId !== conversationId) break
            receive(event.message, itemsOf(event.html ?? '').get(event.message.id))
            if (event.type === 'chat.message' && event.message.senderId !== me) markRead()
            break
          case 'chat.typing':
            if (event.conversationId !== conversationId || !typing) break
            typing.hidden = false
            online()
            clearTimeout(typingTimer)
            typingTimer = window.setTimeout(() => (typing.hidden = true), 4000)
            break
          case 'chat.read': {
            if (event.conversationId !== conversationId || event.userId === me) break
            readBy.set(event.userId, Math.max(readBy.get(event.userId) ?? 0, event.upToId))
            const lowest = Math.min(...readBy.values())
            readUpTo = Math.max(readUpTo, lowest)
            showRead()
            break
          }
          case 'chat.blocked':
            if (event.conversationId === conversationId) showBlocked()
            break
          case 'chat.presence': {
            if (blocked) break
            const [other] = event.users as { online: boolean; lastSeenAt: string | null }[]
            if (other?.online) online()
            else if (other && presenceLine) {
              presenceLine.classList.remove('is-online')
              presenceLine.textContent = other.lastSeenAt
                ? (data.textLastSeen ?? '').replace(
                    '{time}',
                    formatTime(other.lastSeenAt, data.timeZone)
                  )
                : (data.textOffline ?? '')
            }
            break
          }
          case 'chat.unread':
            setChatNavCount(event.total)
            break
          case 'error':
            if (event.re && pending.has(event.re)) {
              fail(event.re, event.message ?? data.textFailed ?? '', !FINAL_ERRORS.has(event.code))
            }
        }
      }

      // the page brings the first (single-use) ticket: one request less; a reconnection asks anew
      let pageTicket = data.ticket ?? ''
      const newTicket = async () => {
        const response = await fetch('/realtime/ws-ticket', {
          method: 'POST',
          headers: { 'X-CSRF-TOKEN': csrfToken(), 'Accept': 'application/json' },
          credentials: 'same-origin',
        })
        if (!response.ok) throw new Error(String(response.status))
        const { ticket } = (await response.json()) as { ticket: string }
        return ticket
      }

      const connect = async () => {
        if (stopped) return
        try {
          const ticket = pageTicket || (await newTicket())
          pageTicket = ''
          const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
          socket = new WebSocket(
            `${protocol}//${location.host}/ws?ticket=${encodeURIComponent(ticket)}`
          )
        } catch {
          return retry()
        }
        socket.addEventListener('open', () => send({ type: 'join', id: 'join', room }))
        socket.addEventListener('message', (message) => {
          try {
            handle(JSON.parse(String(message.data)))
          } catch {}
        })
        socket.addEventListener('close', () => {
          socket = null
          delete root.dataset.live
          retry()
        })
      }

      const retry = () => {
        if (stopped) return
        setTimeout(() => void connect(), retryMs)
        retryMs = Math.min(retryMs * 2, 15_000)
      }

      const queue = (body: string) => {
        const clientId = crypto.randomUUID()
        const item = pendingItem(body)
        item.classList.add('chat-msg-pending')
        item.dataset.clientId = clientId
        setStatus(item, data.textSending ?? '')
        log.querySelector('.chat-none')?.remove()
        log.append(item)
        item.scrollIntoView({ block: 'end' })
        pending.set(clientId, { body, item, timer: 0 })
        submit(clientId, body)
        // the next keystroke starts a new "typing…"
        typingSentAt = 0
      }

      // who is online changes without a message: ask now and then
      presenceTimer = window.setInterval(
        () => send({ type: 'chat.presence', conversationId }),
        30_000
      )

      form.addEventListener('submit', (event) => {
        const body = input.value.trim()
        // not connected (yet): the form posts as without JavaScript
        if (!body || body.length > 2000 || blocked || socket?.readyState !== WebSocket.OPEN) return
        event.preventDefault()
        input.value = ''
        queue(body)
      })
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault()
          form.requestSubmit()
        }
      })
      input.addEventListener('input', () => {
        if (blocked || Date.now() - typingSentAt < 2500) return
        if (send({ type: 'chat.typing', conversationId })) typingSentAt = Date.now()
      })
      document.addEventListener('visibilitychange', markRead)
      teardown = () => {
        document.removeEventListener('visibilitychange', markRead)
        clearTimeout(typingTimer)
        for (const { timer } of pending.values()) clearTimeout(timer)
      }

      log.lastElementChild?.scrollIntoView({ block: 'end' })
      void connect()
    },
    destroy() {
      stopped = true
      clearInterval(presenceTimer)
      teardown()
      socket?.close()
    },
  }
}
