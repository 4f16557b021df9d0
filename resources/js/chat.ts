/*
| The conversation page, live (WebSocket protocol: app/realtime/chat_ws.ts).
| Without JavaScript the page is a form that posts and redirects; with it,
| messages go over the socket with a client-generated id (a resend after a
| reconnect is stored once), show as "sending" until acknowledged, and a
| reconnect first asks for what it missed (chat.sync from the last id).
*/
import { csrfToken, setChatNavCount } from './page_context.js'

type Message = { id: number; senderId: number; clientId: string; body: string; createdAt: string }
type Event = { type: string; re?: string; [key: string]: any }

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/gi
const TRAILING = /[.,;:!?)\]}'"。，；：！？）》」』]+$/u

/** The text as nodes: links become <a>, everything else stays text (never HTML). */
function textWithLinks(body: string) {
  const nodes: Node[] = []
  let last = 0
  for (const match of body.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING, '')
    if (url.length < 10 || !URL.canParse(url)) continue
    if (match.index! > last) nodes.push(document.createTextNode(body.slice(last, match.index)))
    const link = document.createElement('a')
    link.href = url
    link.rel = 'noopener nofollow ugc'
    link.target = '_blank'
    link.textContent = url
    nodes.push(link)
    last = match.index! + url.length
  }
  if (last < body.length) nodes.push(document.createTextNode(body.slice(last)))
  return nodes
}

const formatTime = (iso: string) =>
  new Date(iso).toLocaleString(document.documentElement.lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
  })

export function chat() {
  let socket: WebSocket | null = null
  let stopped = false
  let presenceTimer = 0
  return {
    init(this: { $el: HTMLElement }) {
      const root = this.$el
      const data = root.dataset
      const form = root.querySelector<HTMLFormElement>('.chat-form')
      const log = root.querySelector<HTMLOListElement>('.chat-log')
      const input = form?.querySelector<HTMLTextAreaElement>('textarea')
      if (!form || !log || !input || typeof WebSocket === 'undefined' || !window.crypto?.randomUUID)
        return
      const conversationId = Number(data.conversation)
      const me = Number(data.me)
      const room = `conversation:${conversationId}`
      const typing = root.querySelector<HTMLElement>('.chat-typing')
      const presenceLine = root.querySelector<HTMLElement>('[data-presence]')
      let lastId = Number(data.lastId) || 0
      let readUpTo = Number(data.readUpTo) || 0
      let typingTimer = 0
      let typingSentAt = 0
      let retryMs = 1000
      /** Sent and not yet acknowledged, by client id: resent after a reconnect. */
      const pending = new Map<string, { body: string; item: HTMLLIElement }>()

      const send = (message: Record<string, unknown>) => {
        if (socket?.readyState !== WebSocket.OPEN) return false
        socket.send(JSON.stringify(message))
        return true
      }

      const nearBottom = () =>
        window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 120

      const itemFor = (body: string, mine: boolean) => {
        const item = document.createElement('li')
        item.className = mine ? 'chat-msg chat-msg-mine' : 'chat-msg'
        const bubble = document.createElement('p')
        bubble.className = 'chat-bubble'
        bubble.append(...textWithLinks(body))
        const meta = document.createElement('p')
        meta.className = 'chat-meta'
        meta.append(document.createElement('time'))
        item.append(bubble, meta)
        return item
      }

      const setStatus = (item: HTMLElement, text: string | null, className = 'chat-status') => {
        item.querySelector('.chat-status')?.remove()
        if (!text) return
        const status = document.createElement(className === 'chat-failed' ? 'button' : 'span')
        status.className = `chat-status ${className}`
        status.textContent = text
        item.querySelector('.chat-meta')!.append(status)
      }

      const settle = (item: HTMLLIElement, message: Message) => {
        item.id = `m${message.id}`
        item.dataset.id = String(message.id)
        item.dataset.sender = String(message.senderId)
        item.classList.remove('chat-msg-pending')
        const time = item.querySelector('time')!
        time.dateTime = message.createdAt
        time.textContent = formatTime(message.createdAt)
        setStatus(item, null)
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

      const receive = (message: Message) => {
        if (document.getElementById(`m${message.id}`)) return
        const stick = nearBottom()
        const waiting = message.senderId === me ? pending.get(message.clientId) : undefined
        let item = waiting?.item
        if (item) pending.delete(message.clientId)
        else {
          item = itemFor(message.body, message.senderId === me)
          log.querySelector('.chat-none')?.remove()
          log.append(item)
        }
        settle(item, message)
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

      const submit = (clientId: string, body: string) =>
        send({ type: 'chat.send', id: clientId, conversationId, clientId, body })

      const handle = (event: Event) => {
        switch (event.type) {
          case 'joined':
            retryMs = 1000
            root.dataset.live = 'true'
            send({ type: 'chat.sync', id: 'sync', conversationId, afterId: lastId })
            send({ type: 'chat.presence', conversationId })
            for (const [clientId, { body }] of pending) submit(clientId, body)
            break
          case 'chat.synced':
            for (const message of event.messages as Message[]) receive(message)
            if (event.hasMore) send({ type: 'chat.sync', conversationId, afterId: lastId })
            else markRead()
            break
          case 'chat.sent':
          case 'chat.message':
            if (event.conversationId !== conversationId) break
            receive(event.message)
            if (event.type === 'chat.message' && event.message.senderId !== me) markRead()
            break
          case 'chat.typing':
            if (event.conversationId !== conversationId || !typing) break
            typing.hidden = false
            online()
            clearTimeout(typingTimer)
            typingTimer = window.setTimeout(() => (typing.hidden = true), 4000)
            break
          case 'chat.read':
            if (event.conversationId !== conversationId || event.userId === me) break
            readUpTo = Math.max(readUpTo, event.upToId)
            showRead()
            break
          case 'chat.presence': {
            const [other] = event.users as { online: boolean; lastSeenAt: string | null }[]
            if (other?.online) online()
            else if (other && presenceLine) {
              presenceLine.classList.remove('is-online')
              presenceLine.textContent = other.lastSeenAt
                ? (data.textLastSeen ?? '').replace('{time}', formatTime(other.lastSeenAt))
                : (data.textOffline ?? '')
            }
            break
          }
          case 'chat.unread':
            setChatNavCount(event.total)
            break
          case 'error': {
            const failed = event.re ? pending.get(event.re) : undefined
            if (failed) {
              pending.delete(event.re!)
              failed.item.classList.add('chat-msg-failed')
              setStatus(failed.item, event.message ?? data.textFailed ?? '', 'chat-failed')
              failed.item.querySelector('.chat-failed')?.addEventListener('click', () => {
                failed.item.remove()
                queue(failed.body)
              })
            }
          }
        }
      }

      const connect = async () => {
        if (stopped) return
        try {
          const response = await fetch('/realtime/ws-ticket', {
            method: 'POST',
            headers: { 'X-CSRF-TOKEN': csrfToken(), 'Accept': 'application/json' },
            credentials: 'same-origin',
          })
          if (!response.ok) throw new Error(String(response.status))
          const { ticket } = (await response.json()) as { ticket: string }
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
        const item = itemFor(body, true)
        item.classList.add('chat-msg-pending')
        setStatus(item, data.textSending ?? '')
        log.querySelector('.chat-none')?.remove()
        log.append(item)
        item.scrollIntoView({ block: 'end' })
        pending.set(clientId, { body, item })
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
        if (!body || body.length > 2000 || socket?.readyState !== WebSocket.OPEN) return
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
        if (Date.now() - typingSentAt < 2500) return
        if (send({ type: 'chat.typing', conversationId })) typingSentAt = Date.now()
      })
      document.addEventListener('visibilitychange', markRead)

      log.lastElementChild?.scrollIntoView({ block: 'end' })
      void connect()
    },
    destroy() {
      stopped = true
      clearInterval(presenceTimer)
      socket?.close()
    },
  }
}
