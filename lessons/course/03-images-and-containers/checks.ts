/** @module Checks of lesson 3: a paused container, and a renamed nginx with a file copied into it. */
import {
  containerExists,
  containerRunning,
  containerState,
  containerUsesImage,
  defineChecks,
  readFileInContainer,
  wasRenamedFrom,
} from '../../src/index.ts'

const HELLO_PATH = '/usr/share/nginx/html/hello.html'

export default defineChecks({
  'pause-container': [
    containerExists('napper', {
      failMessage: 'napper 라는 이름의 컨테이너가 없습니다.',
      hint: 'docker run -d --name napper busybox sleep 3600 으로 먼저 컨테이너를 띄우세요.',
    }),
    containerUsesImage('napper', 'busybox', {
      hint: 'docker rm -f napper 로 지운 뒤 busybox 이미지로 다시 띄우세요.',
    }),
    {
      id: 'paused',
      passMessage: 'napper 컨테이너가 일시 정지(paused) 상태입니다.',
      failMessage: 'napper 컨테이너가 일시 정지 상태가 아닙니다.',
      hint: '일시 정지는 실행 중인 컨테이너에만 할 수 있습니다. docker ps -a 로 상태를 보고, 멈춰 있다면 docker start napper 후 docker pause napper 를 실행하세요.',
      test: async ({ docker }) => (await containerState(docker, 'napper'))?.Paused === true,
    },
  ],
  'rename-and-copy': [
    containerExists('homepage', {
      id: 'homepage-exists',
      failMessage: 'homepage 라는 이름의 컨테이너가 없습니다.',
      hint: 'docker run -d --name draft nginx 로 띄운 뒤 docker rename draft homepage 로 이름을 바꾸세요.',
    }),
    containerUsesImage('homepage', 'nginx', {
      hint: 'docker rm -f homepage 로 지우고, nginx 이미지로 draft 컨테이너를 만드는 것부터 다시 하세요.',
    }),
    {
      id: 'renamed-from-draft',
      passMessage: 'homepage 는 draft 에서 이름을 바꾼 컨테이너입니다.',
      failMessage: 'homepage 컨테이너가 draft 에서 이름을 바꾼 기록을 찾지 못했습니다.',
      hint: '처음부터 --name homepage 로 만들면 안 됩니다. draft 라는 이름으로 띄운 뒤 docker rename draft homepage 를 실행하세요.',
      test: ({ docker }) => wasRenamedFrom(docker, 'homepage', 'draft'),
    },
    containerRunning('homepage', {
      hint: 'docker start homepage 로 다시 실행하세요. 일시 정지 상태라면 docker unpause homepage 입니다.',
    }),
    {
      id: 'file-copied',
      passMessage: `컨테이너 안에 ${HELLO_PATH} 파일이 있습니다.`,
      failMessage: `컨테이너 안에 ${HELLO_PATH} 파일이 없습니다.`,
      hint: '작업 환경에서 hello.html 을 만든 뒤 docker cp hello.html homepage:/usr/share/nginx/html/hello.html 을 실행하세요. 경로의 철자도 확인하세요.',
      test: async ({ docker }) => (await readFileInContainer(docker, 'homepage', HELLO_PATH)) !== null,
    },
    {
      id: 'file-content',
      passMessage: 'hello.html 에 안녕하세요 가 들어 있습니다.',
      failMessage: 'hello.html 에 안녕하세요 라는 글자가 없습니다.',
      hint: "예를 들어 echo '<h1>안녕하세요</h1>' > hello.html 로 파일을 만든 다음 docker cp 로 다시 복사하세요.",
      test: async ({ docker }) => ((await readFileInContainer(docker, 'homepage', HELLO_PATH)) ?? '').includes('안녕하세요'),
    },
  ],
})
