import vine from '@vinejs/vine'

/** The file's type and size are checked by its content (services/video_store.ts). */
export const videoUploadValidator = vine.create({
  video: vine.file(),
})

export const captionsUploadValidator = vine.create({
  captions: vine.file(),
})

/** What the player reports: where the video is, and how much of it has been seen (‰). */
export const progressReportValidator = vine.create({
  positionSeconds: vine.number().min(0).max(86_400),
  watchedPermille: vine.number().min(0).max(1000),
})
