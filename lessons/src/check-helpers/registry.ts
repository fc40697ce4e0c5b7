/**
 * @module The learner's own "Docker Hub": every workstation runs a registry that answers for
 * registry-1.docker.io inside that workstation only (catalog/images/workstation/prepare-learner-registry).
 * These helpers read what the learner pushed there (over HTTP, with the checks' own account), whether
 * the CLI holds a Docker Hub login, and whether an image was removed and pulled back.
 */
import type Dockerode from 'dockerode'
import type { CheckContext, ConditionSpec } from '../checks.ts'
import type { ConditionText } from './conditions.ts'
import { imageIdOf, pastEvents } from './engine-state.ts'

/** Docker Hub's registry endpoint, which the workstation resolves to its own registry. */
export const LEARNER_REGISTRY_URL = 'https://registry-1.docker.io'
/** A curl config (`--config`) holding the checks' account; written when the workstation starts. */
const CHECKS_CURL_CONFIG = '/etc/docker-classroom/registry/checks.curlrc'
/** Where the CLI keeps logins (`docker login`), keyed by registry; Docker Hub's key is its v1 address. */
const CLI_CONFIG_PATH = '/root/.docker/config.json'
const DOCKER_HUB_LOGIN_KEY = 'https://index.docker.io/v1/'
const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json'
/** `user/image:tag` on Docker Hub: no registry host, lower-case path, an optional tag. */
const DOCKER_HUB_REFERENCE = /^([a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?$/

/** The repository path and tag of a Docker Hub name in the registry API (`nginx` is `library/nginx:latest`). */
export function dockerHubPath(reference: string): { repository: string; tag: string } {
  const match = DOCKER_HUB_REFERENCE.exec(reference)
  if (!match?.[1]) throw new Error(`not a Docker Hub image name: ${reference}`)
  const name = match[1]
  return { repository: name.includes('/') ? name : `library/${name}`, tag: match[2] ?? 'latest' }
}

/**
 * The image ID (the manifest's config digest) that the learner's registry holds under `reference`,
 * or null when it holds nothing there.
 */
export async function pushedImageId(ctx: CheckContext, reference: string): Promise<string | null> {
  const { repository, tag } = dockerHubPath(reference)
  const result = await ctx.exec([
    'curl', '--silent', '--fail', '--max-time', '5',
    '--config', CHECKS_CURL_CONFIG,
    '--header', `Accept: ${MANIFEST_V2}`,
    `${LEARNER_REGISTRY_URL}/v2/${repository}/manifests/${tag}`,
  ])
  if (result.exitCode !== 0) return null
  try {
    const manifest = JSON.parse(result.stdout) as { config?: { digest?: unknown } }
    return typeof manifest.config?.digest === 'string' ? manifest.config.digest : null
  } catch {
    return null
  }
}

/** True while the learner's CLI holds a Docker Hub login (`docker login` without an address). */
export async function loggedInToDockerHub(ctx: CheckContext): Promise<boolean> {
  const result = await ctx.exec(['cat', CLI_CONFIG_PATH])
  if (result.exitCode !== 0) return false
  try {
    const config = JSON.parse(result.stdout) as { auths?: Record<string, unknown> }
    return config.auths?.[DOCKER_HUB_LOGIN_KEY] !== undefined
  } catch {
    return false
  }
}

/**
 * True when `reference` was pulled after a name of the same image was removed (`docker rmi`), as
 * the engine's recent events tell: the image came back from a registry, not from the local store.
 */
export async function pulledBackAfterRemoval(docker: Dockerode, reference: string): Promise<boolean> {
  const imageId = await imageIdOf(docker, reference)
  if (!imageId) return false
  const events = await pastEvents(docker, { type: ['image'], event: ['untag', 'delete', 'pull'] })
  const removal = events.findIndex((event) => event.Action !== 'pull' && event.Actor.ID === imageId)
  return removal !== -1 && events.slice(removal).some((event) => event.Action === 'pull' && event.Actor.ID === reference)
}

/** The learner's registry holds `reference`. Default id `pushed`. */
export const imagePushed = (reference: string, text: ConditionText = {}): ConditionSpec => ({
  id: 'pushed',
  passMessage: `레지스트리에 ${reference} 이미지가 올라가 있습니다.`,
  failMessage: `레지스트리에 ${reference} 이미지가 없습니다.`,
  hint: `docker login 으로 로그인한 뒤 docker push ${reference} 를 실행하세요.`,
  ...text,
  test: async (ctx) => (await pushedImageId(ctx, reference)) !== null,
})

/** What the learner's registry holds under `reference` is the local image `local`. Default id `pushed-image-matches`. */
export const pushedImageIs = (reference: string, local: string, text: ConditionText = {}): ConditionSpec => ({
  id: 'pushed-image-matches',
  passMessage: `레지스트리의 ${reference} 는 ${local} 와 같은 이미지입니다.`,
  failMessage: `레지스트리의 ${reference} 는 ${local} 와 다른 이미지입니다.`,
  hint: `docker tag ${local} ${reference} 로 이름을 다시 붙이고 docker push ${reference} 로 다시 올리세요.`,
  ...text,
  test: async (ctx) => {
    const [pushed, expected] = await Promise.all([pushedImageId(ctx, reference), imageIdOf(ctx.docker, local)])
    return pushed !== null && pushed === expected
  },
})
