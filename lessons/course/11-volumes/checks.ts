/** @module Checks of lesson 12 volumes: a postgres whose data outlives its container on a named volume; nginx serving a bind-mounted workstation folder. */
import type Dockerode from 'dockerode'
import {
  containerExists,
  containerMountsVolume,
  containerPublishesPort,
  containerRunning,
  containerUsesImage,
  defineChecks,
  execInContainer,
  findContainer,
  httpBodyInWorkstation,
  inspectVolume,
  isBindMount,
  mountAt,
} from '../../src/index.ts'

const VOLUME = 'pgdata'
const DATA_DIR = '/var/lib/postgresql/data'
/** The row guestbook.sql writes. */
const FIRST_MESSAGE = '볼륨에 남긴 첫 글'
const SITE_DIR = '/root/workspace/volumes/site'
const HTML_DIR = '/usr/share/nginx/html'
const ADDED_TEXT = '바인드 마운트로 바로 바뀐 페이지'

/**
 * When the first guestbook message was written, in epoch seconds, asked from psql inside `db`
 * (argv, no shell; the message is a constant of this lesson). Null when there is no such row yet.
 */
async function firstMessageWrittenAt(docker: Dockerode): Promise<number | null> {
  const result = await execInContainer(docker, 'db', [
    'psql', '-U', 'postgres', '-tA', '-c',
    `SELECT extract(epoch FROM min(written_at)) FROM guestbook WHERE message = '${FIRST_MESSAGE}'`,
  ])
  if (result?.exitCode !== 0) return null
  const seconds = Number.parseFloat(result.stdout.trim())
  return Number.isFinite(seconds) ? seconds : null
}

export default defineChecks({
  'db-volume': [
    {
      id: 'volume-exists',
      passMessage: `${VOLUME} 볼륨이 있습니다.`,
      failMessage: `${VOLUME} 볼륨이 없습니다.`,
      hint: `docker volume create ${VOLUME} 로 만들고 docker volume ls 로 확인하세요.`,
      test: async ({ docker }) => (await inspectVolume(docker, VOLUME)) !== null,
    },
    containerExists('db', {
      hint: 'docker run -d --name db -e POSTGRES_PASSWORD=비밀번호 -v pgdata:/var/lib/postgresql/data postgres:15 로 띄우세요.',
    }),
    containerUsesImage('db', 'postgres', {
      hint: 'docker rm -f db 로 지운 뒤, 이미지 이름을 postgres:15 로 해서 다시 만드세요. 볼륨의 데이터는 지워지지 않습니다.',
    }),
    containerRunning('db', {
      hint: 'docker logs db 로 오류를 확인하세요. POSTGRES_PASSWORD 를 빠뜨리면 postgres 가 시작하지 않습니다.',
    }),
    containerMountsVolume('db', VOLUME, DATA_DIR, { id: 'data-on-volume' }),
    {
      id: 'row-kept',
      passMessage: `방명록의 첫 글("${FIRST_MESSAGE}")이 지금의 db 컨테이너보다 먼저 쓰였는데도 남아 있습니다. 데이터가 컨테이너를 지우고 다시 만드는 동안 볼륨에 살아남았습니다.`,
      failMessage: '방명록의 첫 글이 없거나, 지금의 db 컨테이너를 만든 뒤에 쓰였습니다.',
      hint: 'guestbook.sql 로 첫 글을 남긴 다음 docker rm -f db 로 컨테이너를 지우고, 같은 -v pgdata:/var/lib/postgresql/data 옵션으로 db 를 다시 만드세요. 새 컨테이너가 준비되는 데 몇 초 걸립니다.',
      test: async ({ docker }) => {
        const [writtenAt, container] = await Promise.all([firstMessageWrittenAt(docker), findContainer(docker, 'db')])
        return writtenAt !== null && container !== null && writtenAt * 1000 < Date.parse(container.Created)
      },
    },
  ],
  'bind-mount': [
    containerExists('web-bind', {
      hint: 'docker run -d --name web-bind -p 8089:80 -v ~/workspace/volumes/site:/usr/share/nginx/html:ro nginx 로 띄우세요.',
    }),
    containerUsesImage('web-bind', 'nginx'),
    containerRunning('web-bind'),
    containerPublishesPort('web-bind', 8089, 80),
    {
      id: 'site-bound',
      passMessage: `web-bind 의 ${HTML_DIR} 에 작업 환경의 ~/workspace/volumes/site 폴더가 연결되어 있습니다.`,
      failMessage: `web-bind 의 ${HTML_DIR} 에 ~/workspace/volumes/site 폴더가 바인드 마운트되어 있지 않습니다.`,
      hint: `-v 의 앞부분은 / 나 ~ 로 시작하는 경로여야 바인드 마운트가 됩니다(이름만 쓰면 볼륨). docker rm -f web-bind 후 -v ~/workspace/volumes/site:${HTML_DIR}:ro 로 다시 만드세요.`,
      test: async ({ docker }) => isBindMount(await mountAt(docker, 'web-bind', HTML_DIR), SITE_DIR),
    },
    {
      id: 'read-only',
      passMessage: '바인드 마운트가 읽기 전용(:ro)입니다.',
      failMessage: '바인드 마운트가 읽기 전용이 아닙니다.',
      hint: `-v 의 끝에 :ro 를 붙이세요. docker rm -f web-bind 후 -v ~/workspace/volumes/site:${HTML_DIR}:ro 로 다시 만드세요.`,
      test: async ({ docker }) => (await mountAt(docker, 'web-bind', HTML_DIR))?.RW === false,
    },
    {
      id: 'serves-edit',
      passMessage: `localhost:8089 가 작업 환경에서 고친 문장("${ADDED_TEXT}")을 보여 줍니다.`,
      failMessage: `localhost:8089 의 응답에 "${ADDED_TEXT}" 가 없습니다.`,
      hint: `작업 환경의 ~/workspace/volumes/site/index.html 에 "${ADDED_TEXT}" 문장을 더하고 저장한 뒤 curl localhost:8089 로 확인하세요.`,
      test: async (ctx) => (await httpBodyInWorkstation(ctx, 8089))?.includes(ADDED_TEXT) === true,
    },
  ],
})
