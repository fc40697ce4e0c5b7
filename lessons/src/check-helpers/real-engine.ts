/** @module For the helpers' tests that run on this machine's real engine. */
import Dockerode from 'dockerode'

/** A client of this machine's engine when it runs and holds `image`, otherwise null (the test skips). */
export async function engineWithImage(image: string): Promise<Dockerode | null> {
  const docker = new Dockerode()
  return docker.getImage(image).inspect().then(() => docker, () => null)
}
