type Pending = Record<string, string[]>
type HtmxDetail = {
  ctx: { response?: { status: number }; request: { body?: URLSearchParams | FormData | null } }
}

/**
 * The quiz being taken (resources/views/courses/lessons/_quiz.edge): htmx
 * posts each question's answer when it changes; this keeps every answer the
 * server has not acknowledged in localStorage, sends those again when the
 * browser is back online (or on the next visit), and says when it is offline.
 */
export function quizAutosave() {
  let onOnline: () => void
  let onOffline: () => void
  return {
    init(this: { $el: HTMLElement }) {
      const root = this.$el
      const key = `quiz-pending-${root.dataset.attempt}`
      const offlineNote = root.querySelector<HTMLElement>('.quiz-offline')
      const read = (): Pending => {
        try {
          return JSON.parse(localStorage.getItem(key) ?? '{}') as Pending
        } catch {
          return {}
        }
      }
      const write = (pending: Pending) =>
        Object.keys(pending).length
          ? localStorage.setItem(key, JSON.stringify(pending))
          : localStorage.removeItem(key)
      const fieldsetOf = (id: string) =>
        root.querySelector<HTMLFieldSetElement>(`fieldset[data-question="${id}"]`)
      const inputsOf = (fieldset: HTMLElement) =>
        [...fieldset.querySelectorAll<HTMLInputElement>('input[name^="answers"]')]
      const chosenIn = (fieldset: HTMLElement) =>
        inputsOf(fieldset)
          .filter((input) => input.checked)
          .map((input) => input.value)
          .sort()
      // a change event on the question makes htmx post it again
      const resend = (id: string) =>
        fieldsetOf(id)?.dispatchEvent(new Event('change', { bubbles: true }))
      const showOffline = (offline: boolean) => {
        if (offlineNote) offlineNote.hidden = !offline
      }

      // answers a previous visit could not send: shown again, and sent
      const kept = read()
      for (const [id, values] of Object.entries(kept)) {
        const fieldset = fieldsetOf(id)
        if (!fieldset) continue
        for (const input of inputsOf(fieldset)) input.checked = values.includes(input.value)
      }

      // capture: remembered before htmx sends it
      root.addEventListener(
        'change',
        (event) => {
          const fieldset = (event.target as HTMLElement).closest<HTMLElement>(
            'fieldset[data-question]'
          )
          if (!fieldset) return
          write({ ...read(), [fieldset.dataset.question!]: chosenIn(fieldset) })
        },
        true
      )

      root.addEventListener('htmx:after:request', (event) => {
        const fieldset = (event.target as HTMLElement).closest<HTMLElement>(
          'fieldset[data-question]'
        )
        const { ctx } = (event as CustomEvent<HtmxDetail>).detail
        if (!fieldset || !ctx.response) return
        const id = fieldset.dataset.question!
        const pending = read()
        if (!(id in pending)) return
        const status = ctx.response.status
        const sent = (ctx.request.body?.getAll(`answers[q${id}][]`) ?? []).map(String).sort()
        showOffline(false)
        if (status === 200 && sent.join() !== pending[id].join()) return void resend(id)
        // saved, or refused for good (the attempt was submitted): nothing to send again
        if (status === 200 || status === 409 || status === 422) {
          delete pending[id]
          write(pending)
        }
      })
      root.addEventListener('htmx:error', () => showOffline(!navigator.onLine))

      onOnline = () => {
        showOffline(false)
        for (const id of Object.keys(read())) resend(id)
      }
      onOffline = () => showOffline(true)
      window.addEventListener('online', onOnline)
      window.addEventListener('offline', onOffline)
      if (navigator.onLine) onOnline()
      else showOffline(true)
    },
    destroy() {
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
    },
  }
}
