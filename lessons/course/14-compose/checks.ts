/** @module Checks of lesson 15: Leafy up from compose.yaml as project "leafy"; then down, keeping its data volume. */
import {
  defineChecks,
  httpBodyInWorkstation,
  publishesPort,
  type ConditionSpec,
} from '../../src/index.ts'
import { composeProjectContainers, findNetwork } from '../../src/check-helpers/networks.ts'
import { inspectVolume } from '../../src/check-helpers/volumes.ts'

/** Compose names the project after the folder of compose.yaml: ~/workspace/compose/leafy. */
const PROJECT = 'leafy'
const SERVICES = ['leafy-postgres', 'leafy', 'leafy-front'] as const
const FRONTEND_PORT = 8000
const DATA_VOLUME = `${PROJECT}_leafy-data`
const PROJECT_NETWORK = `${PROJECT}_default`
const UP_HINT = 'cd ~/workspace/compose/leafy 로 compose.yaml 이 있는 폴더에 들어가 docker compose up -d 를 실행하세요.'

const serviceRunning = (service: string): ConditionSpec => ({
  id: `service-${service}-running`,
  passMessage: `${PROJECT} 프로젝트의 ${service} 서비스가 실행 중입니다.`,
  failMessage: `${PROJECT} 프로젝트에 실행 중인 ${service} 서비스 컨테이너가 없습니다.`,
  hint: `${UP_HINT} 이미 띄웠다면 docker compose ps 와 docker compose logs ${service} 로 상태를 확인하세요.`,
  test: async ({ docker }) =>
    (await composeProjectContainers(docker, PROJECT)).some((container) => container.service === service && container.running),
})

export default defineChecks({
  'compose-up': [
    ...SERVICES.map(serviceRunning),
    {
      id: `frontend-port-${FRONTEND_PORT}`,
      passMessage: `leafy-front 서비스가 작업 환경의 ${FRONTEND_PORT} 포트에 공개되어 있습니다.`,
      failMessage: `leafy-front 서비스의 80 포트가 작업 환경의 ${FRONTEND_PORT} 포트에 공개되어 있지 않습니다.`,
      hint: 'compose.yaml 의 leafy-front 에 ports: - "8000:80" 이 있는지 확인하고 docker compose up -d 를 다시 실행하세요.',
      test: async ({ docker }) => {
        const frontend = (await composeProjectContainers(docker, PROJECT)).find((container) => container.service === 'leafy-front')
        return frontend !== undefined && publishesPort(docker, frontend.name, FRONTEND_PORT, 80)
      },
    },
    {
      id: 'app-answers',
      passMessage: `localhost:${FRONTEND_PORT}/api/v1/users 가 사용자 목록으로 응답합니다.`,
      failMessage: `localhost:${FRONTEND_PORT}/api/v1/users 에서 사용자 목록이 오지 않습니다.`,
      hint: `curl localhost:${FRONTEND_PORT}/api/v1/users 를 직접 실행해 보고, docker compose logs 로 어느 서비스에 오류가 있는지 찾으세요. 막 띄웠다면 데이터베이스가 준비될 때까지 몇 초 기다렸다 다시 채점하세요.`,
      test: async (ctx) => (await httpBodyInWorkstation(ctx, FRONTEND_PORT, '/api/v1/users'))?.includes('"email"') === true,
    },
  ],
  'compose-down': [
    {
      id: 'volume-kept',
      passMessage: `데이터 볼륨 ${DATA_VOLUME} 이 남아 있습니다.`,
      failMessage: `데이터 볼륨 ${DATA_VOLUME} 이 없습니다.`,
      hint: `${UP_HINT} 그다음 -v 없이 docker compose down 으로 내리세요. down -v 는 볼륨까지 지웁니다.`,
      test: async ({ docker }) => (await inspectVolume(docker, DATA_VOLUME)) !== null,
    },
    {
      id: 'containers-removed',
      passMessage: `${PROJECT} 프로젝트의 컨테이너가 모두 지워졌습니다.`,
      failMessage: `${PROJECT} 프로젝트의 컨테이너가 아직 남아 있습니다.`,
      hint: 'compose.yaml 이 있는 폴더(~/workspace/compose/leafy)에서 docker compose down 을 실행하세요. stop 은 컨테이너를 멈추기만 하고 지우지 않습니다.',
      test: async ({ docker }) => (await composeProjectContainers(docker, PROJECT)).length === 0,
    },
    {
      id: 'network-removed',
      passMessage: `프로젝트 네트워크 ${PROJECT_NETWORK} 가 지워졌습니다.`,
      failMessage: `프로젝트 네트워크 ${PROJECT_NETWORK} 가 아직 남아 있습니다.`,
      hint: 'docker compose down 은 컨테이너와 함께 프로젝트 네트워크도 지웁니다. compose.yaml 이 있는 폴더에서 실행했는지 확인하세요.',
      test: async ({ docker }) => (await findNetwork(docker, PROJECT_NETWORK)) === null,
    },
  ],
})
