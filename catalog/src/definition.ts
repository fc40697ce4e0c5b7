/**
 * @module definition
 * An image's definition on disk (the files of catalog/images/<name>/) and the hash that says
 * whether the built image is current.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import type { CatalogImage } from './catalog-images.ts'

export const IMAGES_DIRECTORY = fileURLToPath(new URL('../images/', import.meta.url))
const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface DefinitionFile {
  /** Path inside the definition folder, with forward slashes. */
  relativePath: string
  /** 0o755 or 0o644: git keeps only the executable bit, so nothing else may matter. */
  mode: number
  content: Buffer
}

export function definitionDirectory(image: CatalogImage): string {
  return image.definitionFolder === undefined
    ? path.join(IMAGES_DIRECTORY, image.name)
    : path.join(REPOSITORY_ROOT, image.definitionFolder)
}

/** Every regular file under `directory`, sorted by path so hashes and tars are stable. */
export async function readDefinitionFiles(directory: string): Promise<DefinitionFile[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true })
  const files: DefinitionFile[] = []
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const absolutePath = path.join(entry.parentPath, entry.name)
    const relativePath = path.relative(directory, absolutePath).split(path.sep).join('/')
    const [content, stats] = await Promise.all([readFile(absolutePath), stat(absolutePath)])
    const mode = (stats.mode & 0o111) !== 0 ? 0o755 : 0o644
    files.push({ relativePath, mode, content })
  }
  return files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1))
}

/**
 * The definition hash: the image's source spec, its folder's files (path, mode, content), the
 * hashes of the images it is built from, and whatever else its builder declares as input (the
 * builder's own code, a host binary it copies).
 */
export function hashDefinition(input: {
  image: CatalogImage
  files: readonly DefinitionFile[]
  dependencyHashes: ReadonlyMap<string, string>
  builderInputs: readonly Buffer[]
}): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify({ source: input.image.source }))
  for (const file of input.files) {
    hash.update(`\nfile ${file.relativePath} ${file.mode.toString(8)} `)
    hash.update(createHash('sha256').update(file.content).digest('hex'))
  }
  for (const dependency of input.image.dependsOn) {
    const dependencyHash = input.dependencyHashes.get(dependency)
    if (dependencyHash === undefined) {
      throw new Error(`${input.image.name} depends on ${dependency}, which is not built before it`)
    }
    hash.update(`\nbase ${dependency} ${dependencyHash}`)
  }
  for (const builderInput of input.builderInputs) {
    hash.update('\nbuilder ')
    hash.update(createHash('sha256').update(builderInput).digest('hex'))
  }
  return hash.digest('hex')
}
