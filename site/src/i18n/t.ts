/**
 * @module The site's Korean UI strings: every label, status and message shown by a component comes
 * from `ko.json` (flat dotted keys) through `t()`, so wording is reviewed and changed in one place.
 */
import ko from './ko.json' with { type: 'json' }

export type MessageKey = keyof typeof ko

/** Values for `{name}` placeholders in a message. */
export type MessageParams = Readonly<Record<string, string | number>>

/**
 * Returns the Korean message for `key` with its `{name}` placeholders filled from `params`.
 * A placeholder without a value is left as written, so a missing parameter is visible rather than blank.
 *
 * @example t('lesson.duration', { minutes: 15 }) // '약 15분'
 */
export function t(key: MessageKey, params: MessageParams = {}): string {
  return fill(ko[key], params)
}

/** `template` with its `{name}` placeholders filled from `params`; one without a value stays as written. */
export function fill(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder))
}
