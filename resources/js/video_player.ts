import { csrfToken } from './page_context.js'
import { addStretch, parseStretches, watchedPermille, type Stretch } from './watched_ranges.js'

/** How often a playing video reports (ms); it also reports on pause, at the end and when left. */
const REPORT_EVERY = 15_000

/**
 * A lesson's <video>: starts where the learner left off (data-position) and,
 * for an enrolled learner (data-report), tells the server where they are and
 * how much they have seen: what the browser played this visit (`played`,
 * merged ranges) merged with what earlier visits on this device saw. Reports
 * go as beacons: they survive leaving the page, and carry the CSRF token in
 * the body since a beacon sets no header.
 */
export function videoPlayer() {
  let timer: ReturnType<typeof setInterval> | undefined
  let onPageHide: (() => void) | undefined
  return {
    init(this: { $el: HTMLVideoElement }) {
      const video = this.$el
      const position = Number(video.dataset.position ?? 0)
      const resume = () => {
        if (position < video.duration - 5) video.currentTime = position
      }
      if (position > 0) {
        if (video.readyState) resume()
        else video.addEventListener('loadedmetadata', resume, { once: true })
      }
      const reportUrl = video.dataset.report
      if (!reportUrl || !video.dataset.seen) return
      const storageKey = `mg-seen-${video.dataset.seen}`
      let earlier: Stretch[] = []
      try {
        earlier = parseStretches(localStorage.getItem(storageKey))
      } catch {}
      let sent = ''
      const report = () => {
        let seen = earlier
        for (let i = 0; i < video.played.length; i++) {
          seen = addStretch(seen, video.played.start(i), video.played.end(i))
        }
        try {
          localStorage.setItem(storageKey, JSON.stringify(seen))
        } catch {}
        const body = new URLSearchParams({
          _csrf: csrfToken(),
          positionSeconds: String(Math.floor(video.currentTime)),
          watchedPermille: String(watchedPermille(seen, video.duration)),
        })
        if (body.toString() === sent || !(video.duration > 0)) return
        sent = body.toString()
        if (!navigator.sendBeacon?.(reportUrl, body)) {
          void fetch(reportUrl, {
            method: 'POST',
            body,
            keepalive: true,
            credentials: 'same-origin',
          })
        }
      }
      video.addEventListener('pause', report)
      video.addEventListener('ended', report)
      timer = setInterval(() => video.paused || report(), REPORT_EVERY)
      onPageHide = report
      window.addEventListener('pagehide', onPageHide)
    },
    destroy() {
      clearInterval(timer)
      if (onPageHide) window.removeEventListener('pagehide', onPageHide)
    },
  }
}
