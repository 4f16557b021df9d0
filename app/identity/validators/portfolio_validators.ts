import vine from '@vinejs/vine'

const text = {
  title: vine.string().trim().minLength(1).maxLength(80),
  description: vine.string().trim().maxLength(500).optional(),
}
const image = vine.file({ size: '8mb', extnames: ['jpg', 'jpeg', 'png', 'webp'] })

export const newWorkValidator = vine.create({ ...text, image })

export const workUpdateValidator = vine.create({ ...text, image: image.optional() })
