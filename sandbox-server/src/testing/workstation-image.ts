/**
 * @module Whether the real-engine tests can run: they need the catalog's workstation image on the
 * host engine (built by `npm start` or `npm test`).
 */
import Dockerode from 'dockerode'
import { WORKSTATION_IMAGE } from '@docker-classroom/catalog'

/** A skip reason for `describe(…, { skip })` when the workstation image is missing, else false. */
export async function skipWithoutWorkstation(docker: Dockerode = new Dockerode()): Promise<string | false> {
  return docker
    .getImage(WORKSTATION_IMAGE)
    .inspect()
    .then(() => false as const)
    .catch(() => `${WORKSTATION_IMAGE} is not built`)
}
