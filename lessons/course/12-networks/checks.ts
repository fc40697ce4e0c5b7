/** @module Checks of lesson 12: two containers on a user-defined network find each other by name; a running container is connected to it later. */
import { containerOnNetwork, containerRunning, defineChecks, networkExists, type ConditionSpec } from '../../src/index.ts'
import { findNetwork } from '../../src/check-helpers/networks.ts'
import { execInContainer } from '../../src/check-helpers/volumes.ts'

const NETWORK = 'practice-net'
const CLIENT = 'practice-client'

/** `practice-client` pings `target` by name: proof that the name resolves on the network and the target answers. */
const clientReachesByName = (target: string, hint: string): ConditionSpec => ({
  id: `client-reaches-${target}`,
  passMessage: `${CLIENT} 가 ${target} 를 이름으로 찾아 닿았습니다.`,
  failMessage: `${CLIENT} 안에서 ping ${target} 가 성공하지 않습니다.`,
  hint,
  test: async ({ docker }) => (await execInContainer(docker, CLIENT, ['ping', '-c', '1', '-W', '2', target]))?.exitCode === 0,
})

const clientRunningOnNetwork = [
  containerRunning(CLIENT, {
    id: 'client-running',
    hint: `docker run -d --name ${CLIENT} --network ${NETWORK} busybox sleep 3600 으로 띄우세요. sleep 을 빠뜨리면 busybox 는 곧바로 끝납니다.`,
  }),
  containerOnNetwork(CLIENT, NETWORK),
]

export default defineChecks({
  'talk-by-name': [
    networkExists(NETWORK),
    {
      id: 'user-defined-bridge',
      passMessage: `${NETWORK} 는 bridge 드라이버로 만든 사용자 정의 네트워크입니다.`,
      failMessage: `${NETWORK} 가 bridge 드라이버의 네트워크가 아닙니다.`,
      hint: `docker network rm ${NETWORK} 후 옵션 없이 docker network create ${NETWORK} 로 다시 만드세요(기본 드라이버가 bridge 입니다).`,
      test: async ({ docker }) => (await findNetwork(docker, NETWORK))?.Driver === 'bridge',
    },
    containerRunning('practice-web', {
      id: 'web-running',
      hint: `docker run -d --name practice-web --network ${NETWORK} nginx 로 띄우세요.`,
    }),
    containerOnNetwork('practice-web', NETWORK),
    ...clientRunningOnNetwork,
    clientReachesByName(
      'practice-web',
      `두 컨테이너가 모두 ${NETWORK} 에 있는지 docker network inspect ${NETWORK} 로 확인하세요. 기본 bridge 에서는 이름으로 찾지 못합니다.`,
    ),
  ],
  'connect-later': [
    networkExists(NETWORK),
    ...clientRunningOnNetwork,
    containerRunning('late-web', {
      id: 'late-web-running',
      hint: 'docker run -d --name late-web nginx 로 --network 없이 띄우세요.',
    }),
    containerOnNetwork('late-web', 'bridge', {
      hint: 'late-web 은 --network 없이 만들어 기본 bridge 에 두고, practice-net 은 docker network connect 로 더하세요. 지웠다면 docker run -d --name late-web nginx 로 다시 만드세요.',
    }),
    containerOnNetwork('late-web', NETWORK, {
      hint: `컨테이너를 지우지 말고 docker network connect ${NETWORK} late-web 을 실행하세요.`,
    }),
    clientReachesByName('late-web', `docker network connect ${NETWORK} late-web 으로 연결한 뒤 다시 채점하세요.`),
  ],
})
