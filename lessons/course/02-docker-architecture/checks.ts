/** @module Checks of lesson 2: a container with its own hostname, and one made through the REST API alone. */
import {
  containerExists,
  containerOutput,
  containerState,
  containerUsesImage,
  defineChecks,
  findContainer,
} from '../../src/index.ts'

/** Docker's "never started" timestamp. */
const NEVER = '0001-01-01T00:00:00Z'

const printed = async (docker: Parameters<typeof containerOutput>[0], name: string, text: string) =>
  ((await containerOutput(docker, name)) ?? '').split(/\r?\n/).some((line) => line.trim() === text)

export default defineChecks({
  'custom-hostname': [
    containerExists('whoami', {
      failMessage: 'whoami 라는 이름의 컨테이너가 없습니다.',
      hint: 'docker run 에 --name whoami 를 붙이세요. --rm 을 붙이면 실행이 끝나자마자 지워지므로 빼야 합니다.',
    }),
    containerUsesImage('whoami', 'busybox', {
      hint: 'docker rm whoami 로 지운 뒤, 이미지 이름 자리에 busybox 를 적어 다시 실행하세요.',
    }),
    {
      id: 'hostname-set',
      passMessage: '컨테이너의 호스트 이름이 classroom 으로 정해져 있습니다.',
      failMessage: '컨테이너의 호스트 이름이 classroom 이 아닙니다.',
      hint: '호스트 이름은 컨테이너를 만들 때 --hostname classroom 옵션으로 정합니다. 컨테이너를 지우고 이 옵션을 붙여 다시 실행하세요.',
      test: async ({ docker }) => (await findContainer(docker, 'whoami'))?.Config.Hostname === 'classroom',
    },
    {
      id: 'printed-hostname',
      passMessage: '컨테이너가 자기 호스트 이름 classroom 을 출력했습니다.',
      failMessage: '컨테이너 출력에서 classroom 이라는 줄을 찾지 못했습니다.',
      hint: '이미지 이름 뒤에 실행할 명령 hostname 을 적으세요. 예: docker run --name whoami --hostname classroom busybox hostname',
      test: ({ docker }) => printed(docker, 'whoami', 'classroom'),
    },
  ],
  'create-via-api': [
    containerExists('from-api', {
      failMessage: 'from-api 라는 이름의 컨테이너가 없습니다.',
      hint: 'POST /containers/create?name=from-api 로 만드세요. "No such image" 오류가 났다면 먼저 POST /images/create?fromImage=busybox&tag=latest 로 이미지를 받아야 합니다.',
    }),
    containerUsesImage('from-api', 'busybox', {
      hint: '요청 본문의 "Image" 값이 "busybox" 인지 확인하세요. 잘못 만들었다면 docker rm from-api 로 지우고 다시 만드세요.',
    }),
    {
      id: 'started',
      passMessage: 'from-api 컨테이너가 시작되어 실행을 마쳤습니다.',
      failMessage: 'from-api 컨테이너가 아직 한 번도 시작되지 않았습니다.',
      hint: '만들기(create)와 시작(start)은 별개의 요청입니다. curl -X POST 로 /containers/from-api/start 를 호출하세요.',
      test: async ({ docker }) => {
        const state = await containerState(docker, 'from-api')
        return state !== null && state.StartedAt !== NEVER && state.StartedAt !== ''
      },
    },
    {
      id: 'printed-greeting',
      passMessage: '컨테이너가 hello from the API 를 출력했습니다.',
      failMessage: '컨테이너 출력에서 hello from the API 라는 줄을 찾지 못했습니다.',
      hint: '요청 본문의 "Cmd" 가 ["echo", "hello from the API"] 인지 확인하세요. 틀렸다면 docker rm from-api 로 지우고 다시 만들어 시작하세요.',
      test: ({ docker }) => printed(docker, 'from-api', 'hello from the API'),
    },
  ],
})
