/**
 * @module The classroom pages' Korean strings (`ko-classroom.json`), apart from `ko.json`: the
 * lesson page bundles `ko.json` whole, and its JavaScript budget should not carry the strings of
 * pages a learner in a lesson never sees.
 */
import ko from './ko-classroom.json' with { type: 'json' }
import { fill, type MessageParams } from './t.ts'

export type ClassroomMessageKey = keyof typeof ko

/** The Korean message for `key`, with its `{name}` placeholders filled from `params`. */
export function tc(key: ClassroomMessageKey, params: MessageParams = {}): string {
  return fill(ko[key], params)
}
