/*
| Globals available to every template.
*/
import edge, { edgeGlobals } from 'edge.js'
import app from '@adonisjs/core/services/app'
import { inlineStylesheetFor } from '#shared/http/inline_stylesheet'
import { formatDateTime, formatMoment } from '#shared/i18n/date_time'
import { metaDescription, publicUrl } from '#shared/http/public_url'
import { mainNav } from '#shared/http/main_nav'
import { accountMenu } from '#shared/http/account_menu'

/**
 * HTML attributes from an object, every value escaped: `{{ htmlAttrs({ … }) }}`.
 * In edge.js 6.5 neither `$props.toAttrs()` nor `html.attrs()` escapes values,
 * so a user-typed value (a title in an aria-label) could break out of the tag.
 */
edge.global('htmlAttrs', (values: Record<string, unknown>) => {
  const parts: string[] = []
  for (const [name, value] of Object.entries(values)) {
    if (value === false || value === null || value === undefined) continue
    if (!/^[a-z_:][-\w:.]*$/i.test(name)) continue
    const text = Array.isArray(value) ? value.join(' ') : String(value)
    parts.push(value === true ? name : `${name}="${edgeGlobals.html.escape(text)}"`)
  }
  return edgeGlobals.html.safe(parts.join(' '))
})

type FlashedValues = { get(key: string, fallback?: unknown): any }

/**
 * One form field's state, shared by the field components
 * (resources/views/components/field/*): its id (`field-<name>` unless
 * given), the errors a rejected form flashed for it and the value it sent
 * (VineJS names `a[b][c]` `a.b.c`; `files[]` has its errors under `files`
 * or `files.N`), and what describes the control (hint, error) for
 * aria-describedby. In a group (a fieldset of checkboxes) the group has the
 * errors and shows them once, so its boxes have none of their own.
 */
edge.global(
  'fieldState',
  function (
    this: { flashMessages?: FlashedValues },
    name: string,
    id?: string,
    hint?: string,
    inGroup?: boolean,
    formName?: string
  ) {
    const key = name.replace(/\[\]$/, '').replace(/\[([^\]]*)\]/g, '.$1')
    // a field of another form on the page than the one sent back (components/form.edge); a
    // form sent without its name (a page opened before it had one) shows its errors everywhere
    const sentForm = this.flashMessages?.get('_form')
    const otherForm = formName !== undefined && sentForm !== undefined && sentForm !== formName
    const bag: Record<string, string[]> = otherForm
      ? {}
      : (this.flashMessages?.get('inputErrorsBag', {}) ?? {})
    const errors = inGroup
      ? undefined
      : (bag[key] ?? Object.entries(bag).find(([field]) => field.startsWith(`${key}.`))?.[1])
    const fieldId = id ?? `field-${name}`
    const describedBy = [hint ? `${fieldId}-hint` : '', errors ? `${fieldId}-error` : '']
      .filter(Boolean)
      .join(' ')
    return {
      name,
      id: fieldId,
      errors,
      old: otherForm ? undefined : this.flashMessages?.get(key),
      describedBy: describedBy || null,
      invalid: Boolean(errors),
      /** a rejected form is shown again: its boxes are as it sent them (an unticked box sends nothing) */
      refilled: Object.keys(bag).length > 0,
    }
  }
)

/**
 * The built stylesheet (the app's, or a module's `entry`) when this request
 * gets it inline (#shared/http/inline_stylesheet), else null.
 */
edge.global(
  'inlineStylesheet',
  (request?: { header: (name: string) => string | undefined }, entry?: string) =>
    inlineStylesheetFor(request?.header('sec-fetch-site'), entry)
)

edge.global('formatDateTime', formatDateTime)
edge.global('formatMoment', formatMoment)

/** Canonical and Open Graph addresses of public pages, and their descriptions (layouts/app). */
edge.global('publicUrl', publicUrl)
edge.global('metaDescription', metaDescription)

/** "Chrome · Windows" from a user-agent string, for the sessions page. */
edge.global('describeDevice', (userAgent: string) => {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /MicroMessenger/.test(userAgent)
      ? 'WeChat'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : ''
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : ''
  return [browser, os].filter(Boolean).join(' · ')
})

/*
| edge.js 6.5 lists the components folder again before every render unless
| the instance was created with caching on (Adonis turns it on later):
| remember the list in production, where templates never change.
*/
if (app.inProduction) {
  const listComponents = edge.loader.listComponents.bind(edge.loader)
  let components: ReturnType<typeof listComponents> | undefined
  edge.loader.listComponents = () => (components ??= listComponents())
}

/** The header's main navigation links that modules registered (#shared/http/main_nav). */
edge.global('mainNavLinks', () => mainNav.all())
edge.global('accountMenuLinks', (user: { isAdmin: boolean }) => accountMenu.for(user))

/** "陶艺 · 认证大师" / "Ceramics · Certified master" for an identity summary. */
edge.global(
  'identityLabel',
  (
    identity: { status: string; field: { nameZh: string; nameEn: string } },
    i18n: { locale: string; t: (key: string) => string }
  ) =>
    `${i18n.locale === 'en' ? identity.field.nameEn : identity.field.nameZh} · ${i18n.t(`identity.status.${identity.status}`)}`
)

/*
| Pages are sent without the templates' indentation and blank lines (about
| a sixth of a page's bytes, all of them written to the socket and
| compressed on every response): stripped once, when a template compiles.
| No template has a multi-line <pre> or <textarea>; mails keep their layout.
*/
edge.processor.process('raw', ({ path, raw }) => {
  if (path.includes('/mails/')) return
  return raw.replace(/^[ \t]+/gm, '').replace(/\n{2,}/g, '\n')
})
