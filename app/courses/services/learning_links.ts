import { publicUrl } from '#shared/http/public_url'

/** The learner's own printable certificate. */
export function certificatePath(enrollmentId: number) {
  return `/learning/${enrollmentId}/certificate`
}

/** The public verification page of a certificate, absolute (printed and shared). */
export function verificationUrl(code: string) {
  return publicUrl(`/certificates/${encodeURIComponent(code)}`)
}
