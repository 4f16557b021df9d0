import { csrfToken } from './page_context.js'
import { addStretch, parseStretches, watchedPermille, type Stretch } from './watched_ranges.js'

/** How often a playing video reports (ms); it also reports on pause, at the end and when left. */
const REPORT_EVERY = 15_000
/** A jump between two time updates longer than this (s) is a seek, not playing. */
const MAX_STEP = 2

/**
 * A lesson's <video>: starts where the learner left off (data-position) and,
 * for an enrolled learner (data-report), tells the server where they are and
 * how much they have seen, merging what was played (this visit and earlier
 * ones on this device). Reports go as beacons: they survive leaving the page,
 * and carry the CSRF token in the body since a beacon sets no header.
 */
export function videoPlayer() {
  let timer: ReturnType<typeof setInterval> | undefined
  let onPageHide: (() => void) | undefined
  return {
    init(this: { $el: HTMLVideoElement }) {
      const video = this.$el
      const position = Number(video.dataset.position ?? 0)
      const resume = () => {
        if (position > 0 && position < video.duration - 5) video.currentTime = position
      }
      if (video.readyState >= 1) resume()
      else video.addEventListener('loadedmetadata', resume, { once: true })

      const reportUrl = video.dataset.report
      if (!reportUrl) return
      const storageKey = `mg-watched-${video.dataset.lesson}`
      let stretches: Stretch[] = []
      try {
        stretches = parseStretches(localStorage.getItem(storageKey))
      } catch {}
      // the stretch being played now: from `from` to the last time update
      let from: number | null = null
      let last = 0
      const keep = () => {
        if (from !== null) stretches = addStretch(stretches, from, last)
        from = video.paused || video.seeking ? null : last
      }
      video.addEventListener('seeking', () => {
        if (from !== null) stretches = addStretch(stretches, from, last)
        from = null
      })
      video.addEventListener('timeupdate', () => {
        const now = video.currentTime
        if (video.seeking) return
        if (from === null || now < last || now - last > MAX_STEP) {
          if (from !== null) stretches = addStretch(stretches, from, last)
          from = now
        }
        last = now
      })

      let sent = ''
      const report = () => {
        keep()
        try {
          localStorage.setItem(storageKey, JSON.stringify(stretches))
        } catch {}
        const body = new URLSearchParams({
          _csrf: csrfToken(),
          positionSeconds: String(Math.floor(video.currentTime)),
          watchedPermille: String(watchedPermille(stretches, video.duration)),
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
