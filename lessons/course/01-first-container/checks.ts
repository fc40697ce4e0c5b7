/** @module Checks of lesson 1: the learner's first long-running container. */
import {
  defineChecks,
  findContainer,
  httpStatusInWorkstation,
  isContainerRunning,
  publishesPort,
  usesImage,
} from '../../src/index.ts'

export default defineChecks({
  'run-nginx': [
    {
      id: 'container-exists',
      passMessage: 'web 컨테이너가 있습니다.',
      failMessage: 'web 컨테이너가 없습니다.',
      hint: 'docker run 에 --name web 옵션을 붙여 컨테이너 이름을 정해 보세요.',
      test: async ({ docker }) => (await findContainer(docker, 'web')) !== null,
    },
    {
      id: 'uses-nginx',
      passMessage: 'web 컨테이너가 nginx 이미지로 만들어졌습니다.',
      failMessage: 'web 컨테이너가 nginx 이미지로 만들어지지 않았습니다.',
      hint: 'docker rm -f web 으로 지운 뒤, 이미지 이름을 nginx 로 해서 다시 실행해 보세요.',
      test: ({ docker }) => usesImage(docker, 'web', 'nginx'),
    },
    {
      id: 'running',
      passMessage: 'web 컨테이너가 실행 중입니다.',
      failMessage: 'web 컨테이너가 실행 중이 아닙니다.',
      hint: 'docker ps -a 로 상태를 확인하고, 멈춰 있다면 docker start web 으로 다시 시작하세요.',
      test: ({ docker }) => isContainerRunning(docker, 'web'),
    },
    {
      id: 'port-8080',
      passMessage: '작업 환경의 8080 포트가 컨테이너의 80 포트로 연결되어 있습니다.',
      failMessage: '8080 포트가 열려 있지 않습니다.',
      hint: '-p 8080:80 옵션은 컨테이너를 만들 때만 줄 수 있습니다. 컨테이너를 지우고 -p 8080:80 을 붙여 다시 실행하세요.',
      test: ({ docker }) => publishesPort(docker, 'web', 8080, 80),
    },
    {
      id: 'http-answers',
      passMessage: 'localhost:8080 에서 nginx 가 응답합니다.',
      failMessage: 'localhost:8080 으로 접속해도 응답이 없습니다.',
      hint: 'curl localhost:8080 을 직접 실행해 보고, docker logs web 으로 오류가 없는지 살펴보세요.',
      test: async (ctx) => (await httpStatusInWorkstation(ctx, 8080)) === 200,
    },
  ],
})
