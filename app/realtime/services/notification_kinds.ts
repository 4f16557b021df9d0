export type Channels = { inApp: boolean; email: boolean }

/** How a kind reads: its message key and the payload values the message interpolates. */
export type KindText = { textKey: string; values?: string[] }

/**
 * A topic: the kinds a reader chooses channels for on the preferences page.
 * `mail` says how email reaches them: 'direct' — the module that notifies
 * sends its own mail right away (asking notificationPreferences.wantsEmail
 * first); 'digest' — unread, unseen ones are gathered into one mail after a
 * delay (notification_digest.ts).
 */
export type TopicSpec = {
  topic: string
  /** i18n keys of the topic's name and hint on the preferences page */
  nameKey: string
  hintKey: string
  defaults: Channels
  mail: 'direct' | 'digest'
  /** offered to staff only (e.g. the review queue) */
  staffOnly?: boolean
  kinds: Record<string, KindText>
}

const TOPIC_NAME = /^[a-z][a-z0-9_]{0,39}$/

/** Kinds nobody registered read as a generic message and fall under this topic. */
const OTHER: TopicSpec = {
  topic: 'other',
  nameKey: 'notifications.preferences.topics.other.name',
  hintKey: 'notifications.preferences.topics.other.hint',
  defaults: { inApp: true, email: false },
  mail: 'digest',
  kinds: {},
}

const GENERIC: KindText = { textKey: 'notifications.kinds.generic', values: [] }

const topics = new Map<string, TopicSpec>()
const kinds = new Map<string, { topic: string; text: KindText }>()

/**
 * The registry of notification kinds. Each module registers its topics and
 * kinds at boot (from its provider); realtime knows none of them. The
 * preferences page, the store (default channels), the digest and the texts
 * read it.
 */
export const notificationKinds = {
  /** Registers a topic and its kinds; returns the function that unregisters them. */
  register(spec: TopicSpec) {
    if (!TOPIC_NAME.test(spec.topic) || spec.topic === OTHER.topic || topics.has(spec.topic)) {
      throw new Error(`Notification topic "${spec.topic}" is invalid or already registered`)
    }
    for (const kind of Object.keys(spec.kinds)) {
      if (kinds.has(kind)) throw new Error(`Notification kind "${kind}" is already registered`)
    }
    topics.set(spec.topic, spec)
    for (const [kind, text] of Object.entries(spec.kinds))
      kinds.set(kind, { topic: spec.topic, text })
    return () => {
      if (topics.get(spec.topic) !== spec) return
      topics.delete(spec.topic)
      for (const kind of Object.keys(spec.kinds)) kinds.delete(kind)
    }
  },

  /** Every topic, in the order they were registered, "other" last. */
  topics(): TopicSpec[] {
    return [...topics.values(), OTHER]
  },

  topic(name: string): TopicSpec | undefined {
    return name === OTHER.topic ? OTHER : topics.get(name)
  },

  topicOf(kind: string): TopicSpec {
    const known = kinds.get(kind)
    return (known && topics.get(known.topic)) || OTHER
  },

  textOf(kind: string): KindText {
    return kinds.get(kind)?.text ?? GENERIC
  },
}
