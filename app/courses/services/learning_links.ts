import { publicUrl } from '#shared/http/public_url'

/** A course's cover image (served by the course pages' cover route), or null without one. */
export function courseCoverUrl(courseId: number, coverKey: string | null) {
  return coverKey ? `/courses/${courseId}/cover?v=${encodeURIComponent(coverKey)}` : null
}

/** The learner's own printable certificate. */
export function certificatePath(enrollmentId: number) {
  return `/learning/${enrollmentId}/certificate`
}

/** The public verification page of a certificate, absolute (printed and shared). */
export function verificationUrl(code: string) {
  return publicUrl(`/certificates/${encodeURIComponent(code)}`)
}
