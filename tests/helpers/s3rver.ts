import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import drive from '@adonisjs/drive/services/main'
import S3rver from 's3rver'
import env from '#start/env'

/** Starts s3rver on S3_ENDPOINT's port (loopback) with the S3_BUCKET; returns its stop. */
export async function startS3rver() {
  const directory = await mkdtemp(`${tmpdir()}/s3rver-`)
  const server = new S3rver({
    address: '127.0.0.1',
    port: Number(new URL(env.get('S3_ENDPOINT', 'http://127.0.0.1:4569')).port),
    silent: true,
    directory,
    configureBuckets: [{ name: env.get('S3_BUCKET', 'master-guide-test'), configs: [] }],
  })
  await server.run()
  return async () => {
    await server.close()
    await rm(directory, { recursive: true, force: true })
  }
}

/** What DRIVE_DISK=s3 does at boot: the s3 disk is the default one, until the returned undo. */
export function useS3ByDefault() {
  const use = drive.use.bind(drive)
  drive.use = ((name?: 's3' | 'fs') => use(name ?? 's3')) as typeof drive.use
  return () => {
    drive.use = use
  }
}
