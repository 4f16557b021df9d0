import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, services } from '@adonisjs/drive'

/**
 * Files (avatars now; certification evidence, videos later). The `fs` disk
 * keeps them under storage/; an `s3` disk is added with the S3_* settings.
 */
export const s3Configured = Boolean(env.get('S3_BUCKET'))

const driveConfig = defineConfig({
  default: env.get('DRIVE_DISK') ?? (s3Configured ? 's3' : 'fs'),
  services: {
    fs: services.fs({
      location: env.get('STORAGE_DIR') ?? app.makePath('storage'),
      serveFiles: false,
      visibility: 'private',
    }),
    // any S3-compatible store (AWS, MinIO, R2 …); objects stay private
    s3: services.s3({
      bucket: env.get('S3_BUCKET', 'master-guide'),
      region: env.get('S3_REGION', 'us-east-1'),
      endpoint: env.get('S3_ENDPOINT'),
      forcePathStyle: env.get('S3_FORCE_PATH_STYLE', Boolean(env.get('S3_ENDPOINT'))),
      credentials: {
        accessKeyId: env.get('S3_ACCESS_KEY_ID', ''),
        secretAccessKey: env.get('S3_SECRET_ACCESS_KEY', ''),
      },
      visibility: 'private',
      // checksums only where an operation needs one: a streamed upload (a lesson's video) is
      // otherwise sent aws-chunked with a trailing checksum, which some S3-compatible stores
      // keep as it came (s3rver does: the object then starts with the chunk's size)
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  },
})

export default driveConfig

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}
