/**
 * @module names
 * Names shared by the catalog and the sandbox server: the images, containers, networks and
 * labels that both sides must agree on.
 */

/** The learner's machine: Debian with its own Docker engine inside. Host-only, never pushed. */
export const WORKSTATION_IMAGE = 'docker-classroom/workstation:latest'

/** The local registry that serves the catalog to every learner's inner engine. */
export const REGISTRY_IMAGE = 'docker-classroom/registry:latest'
/**
 * The mirror learners pull from: read-only, so that no learner can replace an image for the others.
 * The catalog pushes to a second, writable container of the same image on the same volume, which
 * no workstation can reach (`catalog/src/registry.ts`).
 */
export const REGISTRY_CONTAINER = 'docker-classroom-registry'
export const REGISTRY_VOLUME = 'docker-classroom-registry-data'
/**
 * The registry's own bridge network. Workstations have one network each, which the sandbox server
 * joins the registry to (`sandbox-server/src/sandbox/docker/workstation-network.ts`).
 */
export const SANDBOX_NETWORK = 'docker-classroom-sandboxes'
/** The registry's DNS name on SANDBOX_NETWORK and on every workstation network. */
export const REGISTRY_ALIAS = 'registry'
/** What an inner engine uses as its Docker Hub mirror. */
export const REGISTRY_MIRROR_URL = `http://${REGISTRY_ALIAS}:5000`
/** The writable registry the catalog pushes to: never on a network a workstation or a test container is on. */
export const REGISTRY_PUBLISHER_CONTAINER = 'docker-classroom-registry-publisher'
/** A bridge of its own: the engine needs one to publish a port, and it is shared with nobody. */
export const REGISTRY_PUBLISHER_NETWORK = 'docker-classroom-registry-publisher'
/** Where the host pushes: the engine allows plain HTTP to a registry on localhost. */
export const REGISTRY_PUBLISHER_HOST_PORT = 5000
export const REGISTRY_PUBLISHER_HOST = `127.0.0.1:${REGISTRY_PUBLISHER_HOST_PORT}`
export const REGISTRY_PUBLISHER_URL = `http://${REGISTRY_PUBLISHER_HOST}`
/** The mirror, published on 127.0.0.1 only, for the host's health checks and reads. */
export const REGISTRY_HOST_PORT = 5001
export const REGISTRY_HOST_URL = `http://127.0.0.1:${REGISTRY_HOST_PORT}`

export const LABEL_ROLE = 'org.docker-classroom.role'
export const LABEL_SESSION = 'org.docker-classroom.session'
/** Hash of an image's definition; a catalog image whose label matches is current. */
export const LABEL_CATALOG_HASH = 'org.docker-classroom.catalog-hash'

/** Values of LABEL_ROLE set by the catalog. */
export const ROLE_CATALOG = 'catalog'
export const ROLE_REGISTRY = 'registry'
