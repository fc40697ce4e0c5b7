/** @module Checks of lesson 1: the learner's first long-running container. */
import {
  containerExists,
  containerPublishesPort,
  containerRunning,
  containerUsesImage,
  defineChecks,
  workstationAnswersHttp,
} from '../../src/index.ts'

export default defineChecks({
  'run-nginx': [
    containerExists('web', {
      hint: 'docker run 에 --name web 옵션을 붙여 컨테이너 이름을 정해 보세요.',
    }),
    containerUsesImage('web', 'nginx', {
      hint: 'docker rm -f web 으로 지운 뒤, 이미지 이름을 nginx 로 해서 다시 실행해 보세요.',
    }),
    containerRunning('web'),
    containerPublishesPort('web', 8080, 80, {
      failMessage: '8080 포트가 열려 있지 않습니다.',
      hint: '-p 8080:80 옵션은 컨테이너를 만들 때만 줄 수 있습니다. 컨테이너를 지우고 -p 8080:80 을 붙여 다시 실행하세요.',
    }),
    workstationAnswersHttp(8080, {
      passMessage: 'localhost:8080 에서 nginx 가 응답합니다.',
      failMessage: 'localhost:8080 으로 접속해도 응답이 없습니다.',
      hint: 'curl localhost:8080 을 직접 실행해 보고, docker logs web 으로 오류가 없는지 살펴보세요.',
    }),
  ],
})
