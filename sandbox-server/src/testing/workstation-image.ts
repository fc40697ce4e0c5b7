/** @module For real-engine tests: whether the catalog's workstation image is there to run them. */
import Dockerode from 'dockerode'
import { WORKSTATION_IMAGE } from '@docker-classroom/catalog'

/** A `skip` reason for `describe` when the workstation image is not built, else false. */
export async function skipWithoutWorkstation(docker: Dockerode = new Dockerode()): Promise<string | false> {
  const present = await docker
    .getImage(WORKSTATION_IMAGE)
    .inspect()
    .then(() => true)
    .catch(() => false)
  return present ? false : `${WORKSTATION_IMAGE} is not built`
}
