/**
 * @module Ready-made conditions for the checks authors write most often — a container that exists,
 * runs, uses an image, publishes a port, has an environment variable, mounts a volume, sits on a
 * network; an image that exists, carries a label, has few layers; a workstation file that contains
 * a text; an HTTP answer — with Korean default messages. A lesson
 * overrides any message or the hint to fit its own story; the ids stay stable for the site and
 * the verifier.
 */
import type { ConditionSpec } from '../checks.ts'
import { findContainer, httpStatusInWorkstation, isContainerRunning, publishesPort, usesImage } from './containers.ts'
import { containerEnv, imageLayers, inspectImage } from './engine-state.ts'
import { imageConfig } from './images.ts'
import { isVolumeMount, mountAt } from './volumes.ts'
import { findNetwork, isOnNetwork } from './networks.ts'

/** What a lesson may change about a ready-made condition. */
export type ConditionText = Partial<Pick<ConditionSpec, 'id' | 'passMessage' | 'failMessage' | 'hint'>>

function condition(defaults: Omit<ConditionSpec, 'test'>, text: ConditionText, test: ConditionSpec['test']): ConditionSpec {
  return { ...defaults, ...text, test }
}

/** The container `name` exists (in any state). Default id `container-exists`. */
export const containerExists = (name: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: 'container-exists',
      passMessage: `${name} 컨테이너가 있습니다.`,
      failMessage: `${name} 컨테이너가 없습니다.`,
      hint: `docker run 에 --name ${name} 옵션을 붙여 컨테이너 이름을 정하세요.`,
    },
    text,
    async ({ docker }) => (await findContainer(docker, name)) !== null,
  )

/** The container `name` was created from `image` (any tag). Default id `uses-<image>`. */
export const containerUsesImage = (name: string, image: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: `uses-${image}`,
      passMessage: `${name} 컨테이너가 ${image} 이미지로 만들어졌습니다.`,
      failMessage: `${name} 컨테이너가 ${image} 이미지로 만들어지지 않았습니다.`,
      hint: `docker rm -f ${name} 으로 지운 뒤, 이미지 이름을 ${image} 로 해서 다시 만드세요.`,
    },
    text,
    ({ docker }) => usesImage(docker, name, image),
  )

/** The container `name` is running. Default id `running`. */
export const containerRunning = (name: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: 'running',
      passMessage: `${name} 컨테이너가 실행 중입니다.`,
      failMessage: `${name} 컨테이너가 실행 중이 아닙니다.`,
      hint: `docker ps -a 로 상태를 확인하고, 멈춰 있다면 docker start ${name} 으로 다시 시작하세요.`,
    },
    text,
    ({ docker }) => isContainerRunning(docker, name),
  )

/** The container `name` publishes its `containerPort` on the workstation's `hostPort`. Default id `port-<hostPort>`. */
export const containerPublishesPort = (
  name: string,
  hostPort: number,
  containerPort: number,
  text: ConditionText = {},
): ConditionSpec =>
  condition(
    {
      id: `port-${hostPort}`,
      passMessage: `작업 환경의 ${hostPort} 포트가 컨테이너의 ${containerPort} 포트로 연결되어 있습니다.`,
      failMessage: `작업 환경의 ${hostPort} 포트가 컨테이너의 ${containerPort} 포트로 연결되어 있지 않습니다.`,
      hint: `포트 연결은 컨테이너를 만들 때만 정할 수 있습니다. docker rm -f ${name} 후 -p ${hostPort}:${containerPort} 를 붙여 다시 만드세요.`,
    },
    text,
    ({ docker }) => publishesPort(docker, name, hostPort, containerPort),
  )

/** `http://localhost:<port>/` in the workstation answers 200. Default id `http-answers`. */
export const workstationAnswersHttp = (port: number, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: 'http-answers',
      passMessage: `localhost:${port} 에서 웹 서버가 응답합니다.`,
      failMessage: `localhost:${port} 로 접속해도 정상 응답(200)이 오지 않습니다.`,
      hint: `curl localhost:${port} 를 직접 실행해 보고, docker logs 로 서버에 오류가 없는지 살펴보세요.`,
    },
    text,
    async (ctx) => (await httpStatusInWorkstation(ctx, port)) === 200,
  )

/** The image `reference` (e.g. "my-app:1.0") exists in the learner's engine. Default id `image-exists`. */
export const imageExists = (reference: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: 'image-exists',
      passMessage: `${reference} 이미지가 있습니다.`,
      failMessage: `${reference} 이미지가 없습니다.`,
      hint: `docker images 로 목록을 확인하고, 이름과 태그를 정확히 ${reference} 로 맞추세요.`,
    },
    text,
    async ({ docker }) => (await inspectImage(docker, reference)) !== null,
  )

/** A user-defined network called `name` exists. Default id `network-exists`. */
export const networkExists = (name: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: 'network-exists',
      passMessage: `${name} 네트워크가 있습니다.`,
      failMessage: `${name} 네트워크가 없습니다.`,
      hint: `docker network create ${name} 으로 만들고, docker network ls 로 확인하세요.`,
    },
    text,
    async ({ docker }) => (await findNetwork(docker, name)) !== null,
  )

/** The container `name` is attached to the network `network`. Default id `<name>-on-<network>`. */
export const containerOnNetwork = (name: string, network: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: `${name}-on-${network}`,
      passMessage: `${name} 컨테이너가 ${network} 네트워크에 연결되어 있습니다.`,
      failMessage: `${name} 컨테이너가 ${network} 네트워크에 연결되어 있지 않습니다.`,
      hint: `docker network connect ${network} ${name} 으로 연결하거나, docker run 에 --network ${network} 를 붙여 다시 만드세요.`,
    },
    text,
    ({ docker }) => isOnNetwork(docker, name, network),
  )

/** The container `name` was created with the environment variable `key` set to `value`. Default id `env-<key>`. */
export const containerHasEnv = (name: string, key: string, value: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: `env-${key.toLowerCase().replaceAll('_', '-')}`,
      passMessage: `${name} 컨테이너의 환경 변수 ${key} 가 ${value} 입니다.`,
      failMessage: `${name} 컨테이너의 환경 변수 ${key} 가 ${value} 가 아닙니다.`,
      hint: `환경 변수는 만들 때만 줄 수 있습니다. docker rm -f ${name} 후 -e ${key}=${value} 를 이미지 이름 앞에 붙여 다시 만드세요.`,
    },
    text,
    async ({ docker }) => (await containerEnv(docker, name))?.[key] === value,
  )

/** The container `name` has the named volume `volume` mounted at `path`. Default id `volume-<volume>`. */
export const containerMountsVolume = (name: string, volume: string, path: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: `volume-${volume}`,
      passMessage: `${name} 컨테이너가 ${volume} 볼륨을 ${path} 에 연결해 쓰고 있습니다.`,
      failMessage: `${name} 컨테이너의 ${path} 에 ${volume} 볼륨이 연결되어 있지 않습니다.`,
      hint: `docker inspect --format '{{json .Mounts}}' ${name} 로 확인하세요. 연결은 만들 때만 정할 수 있으니, docker rm -f ${name} 후 -v ${volume}:${path} 를 붙여 다시 만드세요.`,
    },
    text,
    async ({ docker }) => isVolumeMount(await mountAt(docker, name, path), volume),
  )

/** The image `reference` carries the label `key` (with `value`, when given). Default id `label-<key>`. */
export const imageHasLabel = (reference: string, key: string, value?: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: `label-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      passMessage: `${reference} 이미지에 ${key} 라벨이 있습니다.`,
      failMessage: value === undefined ? `${reference} 이미지에 ${key} 라벨이 없습니다.` : `${reference} 이미지의 ${key} 라벨이 ${value} 가 아닙니다.`,
      hint: `Dockerfile 에 LABEL ${key}="${value ?? '값'}" 줄을 넣고 다시 빌드하세요. docker image inspect --format '{{json .Config.Labels}}' ${reference} 로 확인할 수 있습니다.`,
    },
    text,
    async ({ docker }) => {
      const labels = (await imageConfig(docker, reference))?.Labels ?? {}
      return value === undefined ? key in labels : labels[key] === value
    },
  )

/** The image `reference` has at most `count` layers. Default id `layers-at-most-<count>`. */
export const imageLayersAtMost = (reference: string, count: number, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: `layers-at-most-${count}`,
      passMessage: `${reference} 이미지의 레이어가 ${count}개 이하입니다.`,
      failMessage: `${reference} 이미지의 레이어가 ${count}개보다 많습니다.`,
      hint: `RUN 명령을 && 로 이어 한 줄로 합치면 레이어가 줄어듭니다. docker image history ${reference} 로 레이어를 세어 보세요.`,
    },
    text,
    async ({ docker }) => {
      const layers = await imageLayers(docker, reference)
      return layers !== null && layers.length <= count
    },
  )

/** The workstation file `path` contains `needle` (as plain text). Default id `file-contains`. */
export const workstationFileContains = (path: string, needle: string, text: ConditionText = {}): ConditionSpec =>
  condition(
    {
      id: 'file-contains',
      passMessage: `${path} 에 "${needle}" 이(가) 들어 있습니다.`,
      failMessage: `${path} 에 "${needle}" 이(가) 없습니다.`,
      hint: `cat ${path} 로 내용을 확인하고, 파일을 고친 뒤 저장했는지 살펴보세요.`,
    },
    text,
    // grep's arguments, not a shell line: the needle and the path reach it as they are.
    async (ctx) => (await ctx.exec(['grep', '-qF', '--', needle, path])).exitCode === 0,
  )
