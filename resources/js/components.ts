import type { Alpine as AlpineType } from 'alpinejs'

/** Small local behaviours, each an Alpine.data component used by name in templates. */
export function registerComponents(Alpine: AlpineType) {
  // a flash message that leaves by itself after a few seconds
  Alpine.data('toast', () => ({
    init(this: { $el: HTMLElement }) {
      setTimeout(() => this.$el.remove(), 6000)
    },
  }))

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
        })
        request.addEventListener('error', () => form.submit())
        request.send(new FormData(form))
      })
    },
  }))
}
