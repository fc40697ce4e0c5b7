/**
 * @module catalog-images
 * The catalog: every image the course provides, in build order. Adding an image means adding a
 * folder under catalog/images/<name>/ and one entry here.
 */

/** Where an image's filesystem comes from. */
export type ImageSource =
  /** `docker build` of the folder's Dockerfile, through the engine's API. */
  | { kind: 'dockerfile' }
  /** A Debian root filesystem made by the host's debootstrap, then imported. */
  | { kind: 'debootstrap'; suite: string; mirror: string; changes: readonly string[] }
  /** The host's static busybox with one symlink per applet, then imported. */
  | { kind: 'busybox-static'; binary: string; changes: readonly string[] }

export interface CatalogImage {
  /** Identifier and folder name: catalog/images/<name>/. */
  name: string
  /** Repository on the host engine, e.g. `nginx` or `docker-classroom/workstation`. */
  repository: string
  /** The first tag is the primary one; all point to the same image. */
  tags: readonly string[]
  source: ImageSource
  /** Names of catalog images this one is built FROM; their hashes feed this one's hash. */
  dependsOn: readonly string[]
  /**
   * `registry`: pushed as `library/<repository>` (an official-style name) or as `<repository>`
   * (a namespaced one, e.g. `devwikirepo/leafy-backend`) so inner engines pull it through the mirror.
   * `host-only`: used by the host engine alone.
   */
  publish: 'registry' | 'host-only'
  /**
   * The definition folder, relative to the repository root, when it is not catalog/images/<name>/:
   * the course's own app images are built from the lesson folder that ships their sources, so
   * what learners build in the lesson is the very code the catalog image holds.
   */
  definitionFolder?: string
}

/**
 * An official-style image that learners pull: built from its folder's Dockerfile FROM the
 * catalog's debian, named like its Docker Hub namesake.
 */
function learnerImage(name: string, tags: readonly string[]): CatalogImage {
  return {
    name,
    repository: name,
    tags,
    source: { kind: 'dockerfile' },
    dependsOn: ['debian'],
    publish: 'registry',
  }
}

/**
 * The 3-tier app of lesson 13 (three-tier-app) under the names the course's notes run
 * (`devwikirepo/leafy-postgres:1.0.0`, …): built from the lesson's own files, on the catalog's
 * postgres, python (with the PostgreSQL driver) and nginx.
 */
function leafyAppImages(): CatalogImage[] {
  const lessonFiles = 'lessons/course/13-three-tier-app/files'
  const leafyImage = (name: string, dependsOn: string, definitionFolder?: string): CatalogImage => ({
    name,
    repository: `devwikirepo/${name}`,
    tags: ['1.0.0'],
    source: { kind: 'dockerfile' },
    dependsOn: [dependsOn],
    publish: 'registry',
    ...(definitionFolder === undefined ? {} : { definitionFolder }),
  })
  return [
    leafyImage('leafy-backend-base', 'python'),
    leafyImage('leafy-postgres', 'postgres', `${lessonFiles}/leafy-postgresql`),
    leafyImage('leafy-backend', 'leafy-backend-base', `${lessonFiles}/leafy-backend`),
    leafyImage('leafy-frontend', 'nginx', `${lessonFiles}/leafy-frontend`),
  ]
}

/**
 * Pages on the catalog's nginx under the Docker Hub names the course's notes pull and run, so their
 * commands work as typed offline: Docker's tutorial image (`docker run -d -p 80:80
 * docker/getting-started`) and the notes author's examples (`docker pull devwikirepo/simple-web:1.0`,
 * `docker image history devwikirepo/hello-nginx`).
 */
function noteStandInImages(): CatalogImage[] {
  const nginxPage = (name: string, repository: string, tag: string): CatalogImage => ({
    name,
    repository,
    tags: [tag],
    source: { kind: 'dockerfile' },
    dependsOn: ['nginx'],
    publish: 'registry',
  })
  return [
    nginxPage('getting-started', 'docker/getting-started', 'latest'),
    nginxPage('simple-web', 'devwikirepo/simple-web', '1.0'),
    nginxPage('hello-nginx', 'devwikirepo/hello-nginx', 'latest'),
  ]
}

const DEBIAN_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

export const CATALOG_IMAGES: readonly CatalogImage[] = [
  {
    name: 'debian',
    repository: 'debian',
    tags: ['bookworm', '12', 'latest'],
    source: {
      kind: 'debootstrap',
      suite: 'bookworm',
      mirror: 'http://deb.debian.org/debian',
      changes: [`ENV ${DEBIAN_PATH}`, 'CMD ["bash"]'],
    },
    dependsOn: [],
    publish: 'registry',
  },
  {
    name: 'busybox',
    repository: 'busybox',
    tags: ['latest'],
    source: { kind: 'busybox-static', binary: '/bin/busybox', changes: ['CMD ["sh"]'] },
    dependsOn: [],
    publish: 'registry',
  },
  {
    name: 'workstation',
    repository: 'docker-classroom/workstation',
    tags: ['latest'],
    source: { kind: 'dockerfile' },
    dependsOn: ['debian'],
    publish: 'host-only',
  },
  {
    name: 'registry',
    repository: 'docker-classroom/registry',
    tags: ['latest'],
    source: { kind: 'dockerfile' },
    dependsOn: ['debian'],
    publish: 'host-only',
  },
  learnerImage('hello-world', ['latest']),
  // 1.18 is the version the course's notes run (`nginx:1.18`); the image is Debian's 1.22 under that tag too.
  learnerImage('nginx', ['latest', '1.22', '1.18']),
  learnerImage('python', ['3.11', '3', 'latest']),
  // Debian 12's Node.js is 18: `latest` is this 18, so that `docker run node` works as typed,
  // but no tag names a newer version than the image holds.
  // 12.16.3 is the notes' `FROM node:12.16.3`; the image is Node 18 under that tag too (see README).
  learnerImage('node', ['18', 'latest', '12.16.3']),
  learnerImage('postgres', ['15', 'latest']),
  // Docker Hub's `registry`, for a private registry inside the workstation (`-p 5000:5000`, `localhost:5000/…`).
  { ...learnerImage('private-registry', ['2', 'latest']), repository: 'registry' },
  ...leafyAppImages(),
  ...noteStandInImages(),
]

/**
 * Host packages (Debian) the catalog's builders run: debootstrap and busybox. The engine itself is
 * reached through its API and may run elsewhere (a mounted socket), so it is not among them.
 */
export const HOST_APT_PACKAGES: readonly string[] = ['debootstrap', 'busybox-static']

export function imageReference(image: CatalogImage, tag: string = primaryTag(image)): string {
  return `${image.repository}:${tag}`
}

export function primaryTag(image: CatalogImage): string {
  const tag = image.tags[0]
  if (tag === undefined) throw new Error(`catalog image ${image.name} has no tag`)
  return tag
}
