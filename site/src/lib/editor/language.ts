/**
 * @module Which of the editor's languages a file is, from its name: the files of a Docker lesson
 * are Dockerfiles, Compose and other YAML, JavaScript, Python and shell scripts; anything else is
 * plain text. Decided here rather than by Monaco's own guess, which knows `Dockerfile` but not
 * `Dockerfile.dev` or `app.dockerfile`.
 */

/** The languages registered with the editor (`lib/editor/monaco.ts`), plus plain text. */
export const EDITOR_LANGUAGES = ['dockerfile', 'yaml', 'javascript', 'python', 'shell', 'plaintext'] as const

export type EditorLanguage = (typeof EDITOR_LANGUAGES)[number]

const BY_EXTENSION: Record<string, EditorLanguage> = {
  dockerfile: 'dockerfile',
  yml: 'yaml',
  yaml: 'yaml',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  sh: 'shell',
  bash: 'shell',
}

/** Shell start-up files, which have no extension. */
const SHELL_FILES = new Set(['.bashrc', '.profile', '.bash_profile', 'entrypoint'])

/** The language of the file at `path` (any folder prefix is ignored). */
export function languageFor(path: string): EditorLanguage {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const lower = name.toLowerCase()
  // `Dockerfile`, `Dockerfile.dev`, `dockerfile` and `Containerfile` are all build files.
  if (/^(docker|container)file(\..+)?$/.test(lower)) return 'dockerfile'
  if (SHELL_FILES.has(lower)) return 'shell'
  const dot = lower.lastIndexOf('.')
  return dot > 0 ? (BY_EXTENSION[lower.slice(dot + 1)] ?? 'plaintext') : 'plaintext'
}
