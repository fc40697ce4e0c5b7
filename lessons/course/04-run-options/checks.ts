/** @module Checks of lesson 4: a published nginx, and a container started with environment variables and --rm. */
import {
  containerExists,
  containerHasEnv,
  containerPublishesPort,
  containerRunning,
  containerUsesImage,
  defineChecks,
  findContainer,
  workstationAnswersHttp,
} from '../../src/index.ts'

export default defineChecks({
  'serve-on-port': [
    containerExists('shop', {
      failMessage: 'shop 이라는 이름의 컨테이너가 없습니다.',
      hint: 'docker run 에 --name shop 을 붙여 컨테이너 이름을 정하세요.',
    }),
    containerUsesImage('shop', 'nginx', {
      hint: 'docker rm -f shop 으로 지운 뒤 이미지 이름을 nginx 로 해서 다시 만드세요.',
    }),
    containerRunning('shop', {
      hint: 'docker ps -a 로 상태를 확인하세요. "port is already allocated" 오류였다면 8888 포트를 쓰는 다른 컨테이너를 지우고 docker start shop 을 실행하세요.',
    }),
    containerPublishesPort('shop', 8888, 80, {
      hint: '포트 연결은 만들 때만 정할 수 있습니다. docker rm -f shop 후 -p 8888:80 을 붙여 다시 만드세요. 순서는 호스트포트:컨테이너포트 입니다.',
    }),
    workstationAnswersHttp(8888, {
      passMessage: 'localhost:8888 에서 nginx 가 응답합니다.',
      hint: 'curl localhost:8888 을 직접 실행해 보고, docker logs shop 으로 nginx 에 오류가 없는지 살펴보세요.',
    }),
  ],
  'env-settings': [
    containerExists('settings', {
      failMessage: 'settings 라는 이름의 컨테이너가 없습니다.',
      hint: '--rm 을 붙인 컨테이너는 멈추는 순간 사라집니다. sleep infinity 처럼 끝나지 않는 명령으로 -d --name settings 를 붙여 띄우세요.',
    }),
    containerUsesImage('settings', 'debian', {
      hint: 'docker rm -f settings 로 지운 뒤 이미지 이름을 debian:bookworm 으로 해서 다시 만드세요.',
    }),
    containerRunning('settings', {
      hint: '이미지 이름 뒤에 sleep infinity 를 적어야 컨테이너가 계속 실행됩니다. 명령이 없으면 bash 가 바로 끝나 버립니다.',
    }),
    containerHasEnv('settings', 'APP_MODE', 'production'),
    containerHasEnv('settings', 'APP_LANG', 'ko', {
      hint: '-e 는 변수마다 한 번씩 씁니다. -e APP_MODE=production -e APP_LANG=ko 처럼 두 번 붙이세요.',
    }),
    {
      id: 'auto-remove',
      passMessage: 'settings 컨테이너는 멈추면 저절로 지워지도록(--rm) 만들어졌습니다.',
      failMessage: 'settings 컨테이너에 --rm 이 붙어 있지 않습니다.',
      hint: 'docker rm -f settings 로 지운 뒤 docker run 에 --rm 을 더해 다시 만드세요.',
      test: async ({ docker }) => (await findContainer(docker, 'settings'))?.HostConfig.AutoRemove === true,
    },
  ],
})
