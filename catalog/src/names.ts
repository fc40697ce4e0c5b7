/**
 * @module names
 * Names shared by the catalog and the sandbox server: the images, containers, networks and
 * labels that both sides must agree on.
 */

/** The learner's machine: Debian with its own Docker engine inside. Host-only, never pushed. */
export const WORKSTATION_IMAGE = 'docker-classroom/workstation:latest'

/** The local registry that serves the catalog to every learner's inner engine. */
export const REGISTRY_IMAGE = 'docker-classroom/registry:latest'
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
/** Published on 127.0.0.1 only, for the host's pushes and health checks. */
export const REGISTRY_HOST_PORT = 5000
export const REGISTRY_HOST_URL = `http://127.0.0.1:${REGISTRY_HOST_PORT}`

export const LABEL_ROLE = 'org.docker-classroom.role'
export const LABEL_SESSION = 'org.docker-classroom.session'
/** Hash of an image's definition; a catalog image whose label matches is current. */
export const LABEL_CATALOG_HASH = 'org.docker-classroom.catalog-hash'

/** Values of LABEL_ROLE set by the catalog. */
export const ROLE_CATALOG = 'catalog'
export const ROLE_REGISTRY = 'registry'
