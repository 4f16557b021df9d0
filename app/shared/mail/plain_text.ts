import { Edge, edgeGlobals } from 'edge.js'
import app from '@adonisjs/core/services/app'
import type { BaseMail } from '@adonisjs/mail'

/*
| The text part of a mail is text/plain: `{{ }}` must not HTML-escape it
| ("Anna O'Neil", not "Anna O&#x27;Neil"). Text views are rendered by an Edge
| of their own whose output expressions print values as they are; the HTML
| part keeps the app's escaping Edge. Every mail goes through
| #shared/mail/mail_jobs, which renders its text view here before sending.
*/

const SafeValue = Object.getPrototypeOf(edgeGlobals.html.safe('')).constructor

/** A value as text: a safe value's content, anything else as a string. */
function asText(value: unknown) {
  return value instanceof SafeValue ? (value as { value: string }).value : String(value)
}

let plainEdge: Edge | undefined

function textEdge() {
  if (plainEdge) return plainEdge
  plainEdge = Edge.create({ cache: app.inProduction })
  plainEdge.mount(app.viewsPath())
  plainEdge.global('$asText', asText)
  // the only escaping call the compiler emits, in every `{{ }}`
  plainEdge.processor.process('compiled', ({ compiled }) =>
    compiled.replaceAll('template.escape(', 'state.$asText(')
  )
  return plainEdge
}

/** Renders a text template without HTML escaping. */
export function renderPlainText(template: string, data: Record<string, unknown> = {}) {
  return textEdge().render(template, data)
}

/** Fills a built mail's text part from its text view, unescaped (a text already set is kept). */
export async function renderTextPart(mail: BaseMail) {
  const view = mail.message.contentViews.text
  if (!view || mail.message.toObject().message.text) return
  mail.message.text(await renderPlainText(view.template, view.data))
}
