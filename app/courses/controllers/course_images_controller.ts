import type { HttpContext } from '@adonisjs/core/http'
import { courseContent } from '#courses/services/course_content'
import { courseImages } from '#courses/services/course_images'
import { notFound } from '#shared/errors/not_found'

const FOREVER = 'public, max-age=31536000, immutable'

async function sendWebp(
  response: HttpContext['response'],
  read: () => Promise<Uint8Array>,
  cache = FOREVER
) {
  let bytes: Uint8Array
  try {
    bytes = await read()
  } catch {
    notFound()
  }
  response.header('Content-Type', 'image/webp')
  response.header('Cache-Control', cache)
  response.header('Content-Disposition', 'inline')
  return response.send(Buffer.from(bytes))
}

/** A course's cover and the images of its text lessons, under random keys, cached for good. */
export default class CourseImagesController {
  /**
   * Pages link to `/courses/:id/cover?v=<key>`; an old or bare link is sent
   * on to the current cover. A draft's cover is its master's alone, like the
   * draft (a guest is asked to sign in).
   */
  async cover({ params, request, response, identity, auth }: HttpContext) {
    const course = await courseContent.course(params.id)
    if (course.status === 'draft') {
      if (!auth.user) return response.redirect().toRoute('session.create')
      if (identity?.role !== 'master' || identity.id !== course.masterIdentityId) notFound()
    }
    if (!course.coverKey) notFound()
    if (request.qs().v !== course.coverKey) {
      return response.redirect(`/courses/${course.id}/cover?v=${course.coverKey}`)
    }
    // a draft's cover stays out of shared caches
    const cache = course.status === 'draft' ? 'private, max-age=31536000, immutable' : FOREVER
    return sendWebp(response, () => courseImages.readCover(course.coverKey!), cache)
  }

  /** A lesson image: its unguessable key is its only gate, as the lesson's text names it. */
  async lessonImage({ params, response }: HttpContext) {
    return sendWebp(response, () => courseImages.readLessonImage(params.key))
  }
}
