/**
 * @module The command the editor's 빌드 button types into the terminal: the lesson's own
 * (`buildCommand` in its frontmatter) or, by default, a build tagged with the lesson's id of the
 * folder holding the Dockerfile open in the editor (with `-f` when it is not named `Dockerfile`),
 * else of the lesson folder. Paths are passed as the build context, so the learner's current
 * directory does not matter and does not change; a path that is not plain is single-quoted, so a
 * file name never runs as shell code.
 */
import { languageFor } from './language.ts'

const WORKSPACE = '~/workspace/'

/** `text` as one shell word: as is when it is plain, else single-quoted. */
export function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`
}

/** A path under the workspace, the `~/workspace/` prefix left unquoted so the shell expands `~`. */
function workspacePath(path: string): string {
  return WORKSPACE + shellWord(path)
}

/**
 * The default build of lesson `lessonId` (a slug, so a valid image name needing no quotes) while
 * `openFile` (a workspace-relative path, or null) is open in the editor.
 */
export function defaultBuildCommand(lessonId: string, openFile: string | null): string {
  if (!openFile || languageFor(openFile) !== 'dockerfile') return `docker build -t ${lessonId} ${WORKSPACE}${lessonId}`
  const slash = openFile.lastIndexOf('/')
  const folder = slash < 0 ? '.' : openFile.slice(0, slash)
  const name = openFile.slice(slash + 1)
  const file = name === 'Dockerfile' ? '' : ` -f ${workspacePath(openFile)}`
  return `docker build -t ${lessonId}${file} ${workspacePath(folder)}`
}
