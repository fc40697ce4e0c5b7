/**
 * @module Keeps a quiz's answers and explanations out of the page source until the learner answers.
 * At build time `Quiz.astro` turns each question's correct option ids into a digest and seals the
 * explanation with them; in the browser the learner's choice is digested the same way, and only the
 * right choice opens the explanation. This is not secrecy — with a handful of options anyone can try
 * them all — it only stops the answer from being one glance at the HTML away. Non-cryptographic on
 * purpose: `crypto.subtle` is missing on plain-http pages (the course may be served on a LAN address).
 */

/** The text both sides digest: the question's place in the course and the chosen option ids, in a fixed order. */
export function answerKey(lessonId: string, questionId: string, optionIds: readonly string[]): string {
  return `${lessonId}/${questionId}:${[...optionIds].sort().join(',')}`
}

/** 32-bit FNV-1a over the UTF-16 code units of `text`, started from `seed`. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

const hex = (value: number) => value.toString(16).padStart(8, '0')

/** What the page carries instead of the correct option ids. */
export function answerDigest(key: string): string {
  return hex(fnv1a(key, 0x51)) + hex(fnv1a(key, 0xa7))
}

/** mulberry32: a small seeded byte stream to mask the explanation with. */
function keystream(key: string): () => number {
  let state = fnv1a(key, 0x3c)
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), state | 1)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)
    return ((mixed ^ (mixed >>> 14)) >>> 0) & 0xff
  }
}

function mask(bytes: Uint8Array, key: string): Uint8Array {
  const next = keystream(key)
  return bytes.map((byte) => byte ^ next())
}

/** The explanation as base64 that only the right answer's key turns back into text. */
export function sealExplanation(explanation: string, key: string): string {
  const masked = mask(new TextEncoder().encode(explanation), key)
  return btoa(Array.from(masked, (byte) => String.fromCharCode(byte)).join(''))
}

/** The explanation sealed with `key`; garbage, never an error, for any other key. */
export function unsealExplanation(sealed: string, key: string): string {
  const bytes = Uint8Array.from(atob(sealed), (char) => char.charCodeAt(0))
  return new TextDecoder().decode(mask(bytes, key))
}
