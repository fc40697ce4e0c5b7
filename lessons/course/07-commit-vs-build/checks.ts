/** @module Checks of lesson 7: an nginx container changed by hand, committed with a message, an author and a restored CMD, then run. */
import {
  builtOnAny,
  containerExists,
  containerPublishesPort,
  containerRunning,
  containerUsesImage,
  defineChecks,
  httpBodyInWorkstation,
  imageExists,
  inspectImage,
} from '../../src/index.ts'

const IMAGE = 'my-nginx:commit'
const NGINX_TAGS = ['nginx', 'nginx:1.22']
const PAGE_TEXT = '커밋으로 만든 nginx'

export default defineChecks({
  'commit-nginx': [
    imageExists(IMAGE, {
      hint: 'docker commit -m "메시지" -a "이름" -c \'CMD ["nginx", "-g", "daemon off;"]\' nginx-draft my-nginx:commit 으로 저장하세요. 이름과 태그(:commit)를 정확히 적어야 합니다.',
    }),
    {
      id: 'built-on-nginx',
      passMessage: `${IMAGE} 은 nginx 의 레이어 위에 새 레이어를 얹었습니다.`,
      failMessage: `${IMAGE} 이 nginx 의 레이어 위에 바뀐 내용을 얹고 있지 않습니다.`,
      hint: 'nginx-draft 를 nginx 이미지로 만들었는지, 커밋하기 전에 index.html 을 바꿨는지 docker diff nginx-draft 로 확인하세요. nginx 를 지웠다면 docker pull nginx 로 다시 받으세요.',
      test: async ({ docker }) => builtOnAny(docker, IMAGE, NGINX_TAGS, 1),
    },
    {
      id: 'commit-message',
      passMessage: `${IMAGE} 에 커밋 메시지가 남아 있습니다.`,
      failMessage: `${IMAGE} 에 커밋 메시지가 없습니다.`,
      hint: 'docker commit 에 -m "첫 페이지 교체" 처럼 메시지를 붙여 다시 커밋하세요. docker image inspect --format \'{{.Comment}}\' my-nginx:commit 으로 확인할 수 있습니다.',
      test: async ({ docker }) => ((await inspectImage(docker, IMAGE))?.Comment ?? '').trim() !== '',
    },
    {
      id: 'commit-author',
      passMessage: `${IMAGE} 에 작성자가 남아 있습니다.`,
      failMessage: `${IMAGE} 에 작성자가 없습니다.`,
      hint: 'docker commit 에 -a "도커 학생" 처럼 작성자를 붙여 다시 커밋하세요. docker image inspect --format \'{{.Author}}\' my-nginx:commit 으로 확인할 수 있습니다.',
      test: async ({ docker }) => ((await inspectImage(docker, IMAGE))?.Author ?? '').trim() !== '',
    },
    {
      id: 'cmd-restored',
      passMessage: `${IMAGE} 의 기본 명령이 nginx 를 실행합니다.`,
      failMessage: `${IMAGE} 의 기본 명령이 nginx 가 아닙니다. 컨테이너의 명령(sleep infinity)을 그대로 물려받은 것 같습니다.`,
      hint: 'docker commit 에 -c \'CMD ["nginx", "-g", "daemon off;"]\' 를 붙여 다시 커밋하세요. docker image inspect --format \'{{json .Config.Cmd}}\' my-nginx:commit 으로 확인할 수 있습니다.',
      test: async ({ docker }) => {
        const cmd = (await inspectImage(docker, IMAGE))?.Config?.Cmd ?? []
        const line = cmd.join(' ')
        return /\bnginx\b/.test(line) && line.includes('daemon off') && !line.includes('sleep')
      },
    },
    containerExists('nginx-commit', {
      hint: 'docker run -d --name nginx-commit -p 8090:80 my-nginx:commit 으로 커밋한 이미지를 띄우세요.',
    }),
    containerUsesImage('nginx-commit', IMAGE, {
      id: 'uses-my-nginx',
      hint: 'docker rm -f nginx-commit 으로 지운 뒤, 이미지 이름을 my-nginx:commit 으로 해서 다시 만드세요.',
    }),
    containerRunning('nginx-commit', {
      hint: 'docker ps -a 로 상태를 확인하세요. 기본 명령이 nginx 가 아니면 컨테이너가 웹 서버로 돌지 않습니다. 다시 커밋한 뒤 docker rm -f nginx-commit 으로 지우고 새로 띄우세요.',
    }),
    containerPublishesPort('nginx-commit', 8090, 80, {
      hint: '포트 연결은 만들 때만 정할 수 있습니다. docker rm -f nginx-commit 후 -p 8090:80 을 붙여 다시 만드세요.',
    }),
    {
      id: 'serves-changed-page',
      passMessage: `localhost:8090 이 고친 페이지(${PAGE_TEXT})로 응답합니다.`,
      failMessage: `localhost:8090 의 응답에 "${PAGE_TEXT}" 가 없습니다.`,
      hint: 'curl localhost:8090 으로 직접 확인해 보세요. 기본 nginx 페이지가 나온다면 index.html 을 바꾸기 전에 커밋한 것입니다. docker exec nginx-draft cat /usr/share/nginx/html/index.html 로 내용을 확인하고 다시 커밋하세요.',
      test: async (ctx) => (await httpBodyInWorkstation(ctx, 8090))?.includes(PAGE_TEXT) === true,
    },
  ],
})
