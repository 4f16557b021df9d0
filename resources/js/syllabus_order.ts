/**
 * Drag and drop for the syllabus editor (resources/views/courses/teach/
 * syllabus.edge): sections and lessons move by their ⠿ handle, lessons also
 * into other sections; on drop the whole new order is written into the
 * page's order form and sent (htmx swaps the list it answers with). Without
 * JavaScript the up/down buttons do the same, one step at a time.
 */
export function syllabusOrder() {
  let dragged: HTMLElement | null = null
  let startOrder = ''

  const lists = (root: HTMLElement) => root.querySelector<HTMLElement>('[data-sections]')

  /** `sectionId:lessonId,lessonId;…`, as the order route reads it. */
  function orderOf(root: HTMLElement) {
    const sections = [
      ...(lists(root)?.querySelectorAll<HTMLElement>(':scope > [data-section-id]') ?? []),
    ]
    return sections
      .map((section) => {
        const lessons = [...section.querySelectorAll<HTMLElement>('[data-lesson-id]')]
        return `${section.dataset.sectionId}:${lessons.map((lesson) => lesson.dataset.lessonId).join(',')}`
      })
      .join(';')
  }

  /** Puts the dragged row before or after the row under the pointer, by which half it is in. */
  function placeNear(row: HTMLElement, event: DragEvent) {
    if (!dragged || row === dragged || row.contains(dragged)) return
    const box = row.getBoundingClientRect()
    const after = event.clientY > box.top + box.height / 2
    row.parentElement?.insertBefore(dragged, after ? row.nextSibling : row)
  }

  return {
    init(this: { $el: HTMLElement }) {
      const root = this.$el
      root.classList.add('js-drag')
      root.querySelector<HTMLElement>('.drag-hint')?.removeAttribute('hidden')

      root.addEventListener('dragstart', (event) => {
        const handle = (event.target as HTMLElement).closest?.('.drag-handle')
        if (!handle) return
        dragged =
          handle.closest<HTMLElement>('[data-lesson-id]') ??
          handle.closest<HTMLElement>('[data-section-id]')
        if (!dragged) return
        startOrder = orderOf(root)
        event.dataTransfer?.setData('text/plain', '')
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move'
        event.dataTransfer?.setDragImage(dragged, 16, 16)
        dragged.classList.add('is-dragging')
      })

      root.addEventListener('dragover', (event) => {
        if (!dragged) return
        const target = event.target as HTMLElement
        if (dragged.dataset.lessonId) {
          const lesson = target.closest<HTMLElement>('[data-lesson-id]')
          const list = target
            .closest<HTMLElement>('[data-section-id]')
            ?.querySelector<HTMLElement>('[data-lessons]')
          if (!lesson && !list) return
          event.preventDefault()
          if (lesson) placeNear(lesson, event)
          else if (list && !list.children.length) list.append(dragged)
        } else {
          const section = target.closest<HTMLElement>('[data-section-id]')
          if (!section) return
          event.preventDefault()
          placeNear(section, event)
        }
      })

      root.addEventListener('drop', (event) => event.preventDefault())

      root.addEventListener('dragend', () => {
        if (!dragged) return
        dragged.classList.remove('is-dragging')
        dragged = null
        const order = orderOf(root)
        if (order === startOrder) return
        const form = root.querySelector<HTMLFormElement>('[data-order-form]')
        if (!form) return
        form.querySelector<HTMLInputElement>('input[name=order]')!.value = order
        form.requestSubmit()
      })
    },
  }
}
