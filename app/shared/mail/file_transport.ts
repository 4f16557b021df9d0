import { mkdir, writeFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import { MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

export type StoredMail = {
  id: string
  to: string
  subject: string
  html: string
  text: string
  sentAt: string
}

/**
 * Local-only transport: with no SMTP server configured every mail is written
 * to tmp/mails (the raw .eml and a .json summary), readable at /dev/mails.
 */
export class FileTransport implements MailTransportContract {
  #compiler = nodemailer.createTransport({ streamTransport: true, buffer: true })

  constructor(private directory: string) {}

  async send(message: NodeMailerMessage) {
    const info = await this.#compiler.sendMail(message)
    const id = `${Date.now()}-${randomUUID().slice(0, 8)}`
    const stored: StoredMail = {
      id,
      to: [message.to].flat().map(String).join(', '),
      subject: String(message.subject ?? ''),
      html: String(message.html ?? ''),
      text: String(message.text ?? ''),
      sentAt: new Date().toISOString(),
    }
    await mkdir(this.directory, { recursive: true })
    await writeFile(`${this.directory}/${id}.eml`, info.message as Buffer)
    await writeFile(`${this.directory}/${id}.json`, JSON.stringify(stored))
    return new MailResponse(info.messageId, info.envelope, stored)
  }
}
