/** @module Checks of lesson 8: an nginx image built with a page, ENV and EXPOSE and served on 8085; a greeter image with ENTRYPOINT + CMD. */
import {
  builtOnAny,
  containerExists,
  containerOutput,
  containerPublishesPort,
  containerRunning,
  containerUsesImage,
  defineChecks,
  httpBodyInWorkstation,
  imageConfig,
  imageExists,
  parseEnv,
} from '../../src/index.ts'

const WEB_IMAGE = 'hello-web:1.0'
const PAGE_TEXT = '빌드로 만든 첫 페이지'
const GREETER = 'greeter'

/** True when a Cmd or Entrypoint is in shell form, i.e. wrapped by `/bin/sh -c`. */
const isShellForm = (argv: readonly string[]) => argv[0] === '/bin/sh' && argv[1] === '-c'

export default defineChecks({
  'hello-web': [
    imageExists(WEB_IMAGE, {
      hint: '~/workspace/hello-web 폴더에서 docker build -t hello-web:1.0 . 으로 빌드하세요. 마지막의 점(.)을 빠뜨리지 마세요.',
    }),
    {
      id: 'built-on-nginx',
      passMessage: `${WEB_IMAGE} 은 nginx 위에 새 레이어를 얹어 만들어졌습니다.`,
      failMessage: `${WEB_IMAGE} 이 nginx 위에 파일을 더한 이미지가 아닙니다.`,
      hint: 'Dockerfile 의 첫 줄이 FROM nginx 인지, COPY index.html /usr/share/nginx/html/ 줄이 있는지 확인하고 다시 빌드하세요.',
      test: async ({ docker }) => builtOnAny(docker, WEB_IMAGE, ['nginx', 'nginx:1.22'], 1),
    },
    {
      id: 'env-site-lang',
      passMessage: `${WEB_IMAGE} 의 환경 변수 SITE_LANG 이 ko 입니다.`,
      failMessage: `${WEB_IMAGE} 에 환경 변수 SITE_LANG=ko 가 없습니다.`,
      hint: 'Dockerfile 에 ENV SITE_LANG=ko 줄을 넣고 다시 빌드하세요. docker image inspect --format \'{{json .Config.Env}}\' hello-web:1.0 으로 확인할 수 있습니다.',
      test: async ({ docker }) => parseEnv((await imageConfig(docker, WEB_IMAGE))?.Env ?? [])['SITE_LANG'] === 'ko',
    },
    {
      id: 'exposes-80',
      passMessage: `${WEB_IMAGE} 은 80 포트를 쓴다고 적어 두었습니다(EXPOSE).`,
      failMessage: `${WEB_IMAGE} 에 EXPOSE 된 80 포트가 없습니다.`,
      hint: 'Dockerfile 에 EXPOSE 80 줄을 넣고 다시 빌드하세요.',
      test: async ({ docker }) => '80/tcp' in ((await imageConfig(docker, WEB_IMAGE))?.ExposedPorts ?? {}),
    },
    containerExists('hello-web', {
      hint: 'docker run -d --name hello-web -p 8085:80 hello-web:1.0 으로 빌드한 이미지를 띄우세요.',
    }),
    containerUsesImage('hello-web', WEB_IMAGE, {
      id: 'uses-hello-web',
      hint: 'docker rm -f hello-web 으로 지운 뒤, 이미지 이름을 hello-web:1.0 으로 해서 다시 만드세요.',
    }),
    containerRunning('hello-web', {
      hint: 'docker ps -a 로 상태를 확인하세요. "port is already allocated" 오류였다면 8085 포트를 쓰는 다른 컨테이너를 지우고 docker start hello-web 을 실행하세요.',
    }),
    containerPublishesPort('hello-web', 8085, 80, {
      hint: '포트 연결은 만들 때만 정할 수 있습니다. docker rm -f hello-web 후 -p 8085:80 을 붙여 다시 만드세요. EXPOSE 만으로는 포트가 연결되지 않습니다.',
    }),
    {
      id: 'serves-page',
      passMessage: `localhost:8085 가 직접 만든 페이지(${PAGE_TEXT})로 응답합니다.`,
      failMessage: `localhost:8085 의 응답에 "${PAGE_TEXT}" 가 없습니다.`,
      hint: 'curl localhost:8085 로 직접 확인해 보세요. 기본 nginx 페이지가 나온다면 index.html 의 내용이나 COPY 의 대상 경로를 확인하고, 다시 빌드한 뒤 컨테이너도 새로 만드세요(docker rm -f hello-web).',
      test: async (ctx) => (await httpBodyInWorkstation(ctx, 8085))?.includes(PAGE_TEXT) === true,
    },
  ],
  greeter: [
    imageExists(GREETER, {
      hint: '~/workspace/greeter 폴더에서 docker build -t greeter . 로 빌드하세요. 태그를 붙이지 않으면 greeter:latest 가 됩니다.',
    }),
    {
      id: 'entrypoint-exec-form',
      passMessage: `${GREETER} 의 ENTRYPOINT 가 exec 형식으로 정해져 있습니다.`,
      failMessage: `${GREETER} 에 exec 형식의 ENTRYPOINT 가 없습니다.`,
      hint: 'ENTRYPOINT ["echo", "안녕하세요,"] 처럼 큰따옴표를 쓴 JSON 배열로 적고 다시 빌드하세요. shell 형식이면 docker run 의 인자가 무시됩니다.',
      test: async ({ docker }) => {
        const entrypoint = (await imageConfig(docker, GREETER))?.Entrypoint ?? []
        return Array.isArray(entrypoint) && entrypoint.length > 0 && !isShellForm(entrypoint)
      },
    },
    {
      id: 'default-cmd',
      passMessage: `${GREETER} 의 기본 인자(CMD)가 "여러분" 입니다.`,
      failMessage: `${GREETER} 의 CMD 가 ["여러분"] 이 아닙니다.`,
      hint: 'CMD ["여러분"] 처럼 exec 형식으로 적고 다시 빌드하세요. docker image inspect --format \'{{json .Config.Cmd}}\' greeter 로 확인할 수 있습니다.',
      test: async ({ docker }) => {
        const cmd = (await imageConfig(docker, GREETER))?.Cmd ?? []
        return cmd.length === 1 && cmd[0] === '여러분'
      },
    },
    containerExists('greet-test', {
      hint: '--rm 없이 docker run --name greet-test greeter 도커 로 컨테이너를 남겨 두세요.',
    }),
    containerUsesImage('greet-test', GREETER, {
      id: 'uses-greeter',
      hint: 'docker rm greet-test 로 지운 뒤 docker run --name greet-test greeter 도커 로 다시 만드세요.',
    }),
    {
      id: 'greets-docker',
      passMessage: 'greet-test 컨테이너가 "안녕하세요, 도커" 를 출력했습니다.',
      failMessage: 'greet-test 컨테이너의 출력이 "안녕하세요, 도커" 가 아닙니다.',
      hint: 'docker logs greet-test 로 출력을 확인하세요. 이미지를 고쳐 다시 빌드했다면 docker rm greet-test 로 지우고 docker run --name greet-test greeter 도커 로 다시 실행하세요.',
      test: async ({ docker }) => ((await containerOutput(docker, 'greet-test')) ?? '').trim() === '안녕하세요, 도커',
    },
  ],
})
