/**
 * @module Course text written in frontmatter or data (quiz questions, glossary definitions) marks
 * code with `backticks`, as Markdown does. `splitCode` cuts such text into plain and code parts, so
 * each renderer (a Preact island, an Astro page) wraps the code parts in <code> without HTML strings.
 */

export interface TextPart {
  text: string
  code: boolean
}

/** `a \`b\` c` → [a ] [b as code] [ c]; an unpaired backtick stays plain text. */
export function splitCode(text: string): TextPart[] {
  return text
    .split(/`([^`]+)`/)
    .map((part, index) => ({ text: part, code: index % 2 === 1 }))
    .filter((part) => part.text !== '')
}
