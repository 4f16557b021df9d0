import vine from '@vinejs/vine'
import { recordIdRule } from '#shared/validators/record_id'
import { ROOM_PATTERN } from '#realtime/ws/rooms'

const room = () => vine.string().maxLength(100).regex(ROOM_PATTERN)

export const joinValidator = vine.create({ room: room() })

export const leaveValidator = vine.create({ room: room() })

export const pingValidator = vine.create({})

const SDP_MAX_LENGTH = 16 * 1024

/**
 * WebRTC signalling: an offer or answer carries an SDP, an ICE message an
 * RTCIceCandidateInit (an empty `candidate` marks the end of candidates),
 * `bye` ends the call.
 */
export const signalValidator = vine.create({
  room: room(),
  to: recordIdRule().optional(),
  data: vine.object({
    kind: vine.enum(['offer', 'answer', 'ice', 'bye'] as const),
    sdp: vine
      .string()
      .maxLength(SDP_MAX_LENGTH)
      .optional()
      .requiredWhen('kind', 'in', ['offer', 'answer']),
    candidate: vine
      .object({
        candidate: vine.string().maxLength(2048).nullable().optional(),
        sdpMid: vine.string().maxLength(64).nullable().optional(),
        sdpMLineIndex: vine.number().withoutDecimals().min(0).max(255).nullable().optional(),
        usernameFragment: vine.string().maxLength(256).nullable().optional(),
      })
      .optional()
      .requiredWhen('kind', '=', 'ice'),
    reason: vine.string().maxLength(100).optional(),
  }),
})
