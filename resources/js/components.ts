import type { Alpine as AlpineType } from 'alpinejs'
import { syllabusOrder } from './syllabus_order.js'
import { quizAutosave } from './quiz_autosave.js'
import { videoPlayer } from './video_player.js'

type Lifecycle = { init(this: { $el: HTMLElement }): void; destroy(): void }

/**
 * A component whose code comes in the `realtime` chunk, fetched the first
 * time a page uses one (signed-in pages): guests never download it.
 */
function fromRealtimeChunk(name: 'chat' | 'liveNotifications') {
  return () => {
    let instance: Lifecycle | null = null
    let destroyed = false
    return {
      async init(this: { $el: HTMLElement }) {
        const realtime = await import('./realtime.js')
        if (destroyed) return
        instance = realtime[name]()
        instance.init.call(this)
      },
      destroy() {
        destroyed = true
        instance?.destroy()
      },
    }
  }
}

/** Small local behaviours, each an Alpine.data component used by name in templates. */
export function registerComponents(Alpine: AlpineType) {
  Alpine.data('liveNotifications', fromRealtimeChunk('liveNotifications'))

  // the conversation page, live over the WebSocket (resources/js/chat.ts)
  Alpine.data('chat', fromRealtimeChunk('chat'))

  // the course syllabus editor: drag and drop of sections and lessons (resources/js/syllabus_order.ts)
  Alpine.data('syllabusOrder', syllabusOrder)
  // a quiz being taken: answers kept until the server has them (resources/js/quiz_autosave.ts)
  Alpine.data('quizAutosave', quizAutosave)

  // a hidden input given the browser's time zone (sign-up: times then read as the user's clock)
  Alpine.data('browserTimeZone', () => ({
    init(this: { $el: HTMLInputElement }) {
      this.$el.value = Intl.DateTimeFormat().resolvedOptions().timeZone ?? ''
    },
  }))

  // a flash message that leaves by itself after a few seconds
  Alpine.data('toast', () => ({
    init(this: { $el: HTMLElement }) {
      setTimeout(() => this.$el.remove(), 6000)
    },
  }))

  // a button that copies the value of the input named by data-copy (hidden until this runs);
  // what happened is said in the status element beside it
  Alpine.data('copyButton', () => ({
    init(this: { $el: HTMLButtonElement }) {
      const button = this.$el
      const input = document.getElementById(button.dataset.copy ?? '') as HTMLInputElement | null
      if (!input) return
      button.hidden = false
      button.addEventListener('click', async () => {
        input.select()
        try {
          await navigator.clipboard.writeText(input.value)
        } catch {
          // no clipboard permission (or an old browser): the value stays selected for Ctrl+C
          return
        }
        const status = button.nextElementSibling
        if (status) status.textContent = button.dataset.copied ?? ''
      })
    },
  }))

  // a button that prints the page (a certificate), hidden until this runs: without JavaScript
  // the browser's own Print does the same
  Alpine.data('printButton', () => ({
    init(this: { $el: HTMLButtonElement }) {
      this.$el.hidden = false
      this.$el.addEventListener('click', () => window.print())
    },
  }))

  // the account menu (<details>): closes on Escape and on a click elsewhere
  Alpine.data('dropdown', () => {
    let onClick: (event: MouseEvent) => void
    return {
      init(this: { $el: HTMLDetailsElement }) {
        const details = this.$el
        onClick = (event) => {
          if (details.open && !details.contains(event.target as Node)) details.open = false
        }
        document.addEventListener('click', onClick)
        closeOnEscape(details)
      },
      destroy() {
        document.removeEventListener('click', onClick)
      },
    }
  })

  // a <details class="modal"> works without JavaScript (its summary is the backdrop
  // and the close button); this adds Escape and moves focus into the panel
  Alpine.data('modal', () => ({
    init(this: { $el: HTMLDetailsElement }) {
      const details = this.$el
      closeOnEscape(details)
      details.addEventListener('toggle', () => {
        if (!details.open) return
        const panel = details.querySelector<HTMLElement>('.modal-panel')
        const first = panel?.querySelector<HTMLElement>(
          '[autofocus], input:not([type=hidden]), select, textarea, button, a[href]'
        )
        ;(first ?? panel)?.focus()
      })
    },
  }))

  // a lesson's video: resumes where it was left, reports what was watched (video_player.ts)
  Alpine.data('videoPlayer', videoPlayer)

  // shows the upload progress of the form that holds this file input
  Alpine.data('fileInput', () => ({
    init(this: { $el: HTMLInputElement }) {
      const input = this.$el
      const form = input.form
      const bar = input.parentElement?.querySelector('progress')
      if (!form || !bar) return
      form.addEventListener('submit', (event) => {
        if (!input.files?.length) return
        event.preventDefault()
        const request = new XMLHttpRequest()
        request.open(form.method, form.action)
        bar.hidden = false
        request.upload.addEventListener('progress', (progress) => {
          if (progress.lengthComputable) bar.value = (progress.loaded / progress.total) * 100
        })
        request.addEventListener('load', () => {
          // the redirect was followed: show the page it led to, as a normal submit would
          const page = new DOMParser().parseFromString(request.responseText, 'text/html')
          document.title = page.title
          document.body.replaceWith(page.body)
          history.replaceState(null, '', request.responseURL)
          // htmx wires up the new page's parts (a video card that polls while processing)
          ;(window as { htmx?: { process(root: Element): void } }).htmx?.process(document.body)
        })
        request.addEventListener('error', () => form.submit())
        request.send(new FormData(form))
      })
    },
  }))
}

/** Closes an open <details> on Escape and gives focus back to its summary. */
function closeOnEscape(details: HTMLDetailsElement) {
  details.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !details.open) return
    details.open = false
    details.querySelector('summary')?.focus()
  })
}
