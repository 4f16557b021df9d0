import { readdir, readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import { mailsDirectory, mailPreviewEnabled } from '#config/mail'
import { notFound } from '#shared/errors/not_found'
import type { StoredMail } from '#shared/mail/file_transport'

async function stored(): Promise<StoredMail[]> {
  const files = await readdir(mailsDirectory).catch(() => [] as string[])
  const json = files
    .filter((file) => file.endsWith('.json'))
    .sort()
    .reverse()
    .slice(0, 50)
  return Promise.all(
    json.map(async (file) => JSON.parse(await readFile(`${mailsDirectory}/${file}`, 'utf8')))
  )
}

/**
 * Local development only: reads the mails the file transport wrote, so a
 * developer can click a verification or reset link without a mail server.
 */
export default class DevMailsController {
  async index({ view }: HttpContext) {
    if (!mailPreviewEnabled) notFound()
    return view.render('pages/dev/mails', { mails: await stored() })
  }

  async show({ params, view }: HttpContext) {
    if (!mailPreviewEnabled) notFound()
    const mails = await stored()
    const mail = mails.find((candidate) => candidate.id === params.mail)
    if (!mail) notFound()
    return view.render('pages/dev/mail', { mail })
  }
}
