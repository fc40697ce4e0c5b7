/** @module Checks of lesson 10 build-cache: a dependency layer reused across a source change, a temporary file removed in its own RUN, secrets kept out by .dockerignore. */
import {
  buildSteps,
  builtOnAny,
  defineChecks,
  imageExists,
  imageSize,
  onlyTopLayerChanged,
  pathExistsInImage,
  readFileInImage,
  stepBetween,
} from '../../src/index.ts'

const FIRST = 'shop:1'
const SECOND = 'shop:2'
const TIDY = 'tidy:1'
const CLEAN = 'shop:clean'
/** What the 30 MB release file may leave behind at most: the key and some slack, far below 30 MB. */
const TIDY_SLACK_BYTES = 5 * 1024 * 1024

const COPY_STEP = /\bCOPY\b/
const NPM_INSTALL_STEP = /\bnpm (?:ci|install|i)\b/

export default defineChecks({
  'deps-cached': [
    imageExists(FIRST, {
      id: 'first-build',
      hint: 'Dockerfile 을 고친 뒤 ~/workspace/build-cache/shop 에서 docker build -t shop:1 . 로 빌드하세요.',
    }),
    imageExists(SECOND, {
      id: 'second-build',
      hint: 'server.js 의 GREETING 을 바꾼 뒤 docker build -t shop:2 . 로 다시 빌드하세요.',
    }),
    {
      id: 'install-before-source',
      passMessage: `${SECOND} 은 의존성 목록을 먼저 복사해 설치하고, 소스는 그 뒤에 복사했습니다.`,
      failMessage: `${SECOND} 의 빌드 순서에서 npm 설치 단계가 두 COPY 사이에 있지 않습니다.`,
      hint: 'COPY package.json package-lock.json ./ 와 COPY vendor ./vendor → RUN npm ci --offline --no-audit --no-fund → COPY . . 순서로 적으세요. docker history shop:2 로 순서를 확인할 수 있습니다.',
      test: async ({ docker }) => {
        const steps = await buildSteps(docker, SECOND)
        return steps !== null && stepBetween(steps, COPY_STEP, NPM_INSTALL_STEP, COPY_STEP)
      },
    },
    {
      id: 'source-changed',
      passMessage: `${SECOND} 의 server.js 는 ${FIRST} 와 다르게 바뀌었습니다.`,
      failMessage: `${FIRST} 와 ${SECOND} 의 /app/server.js 가 같습니다.`,
      hint: 'server.js 의 GREETING 문장을 고치고 저장한 다음 docker build -t shop:2 . 로 빌드하세요.',
      test: async ({ docker }) => {
        const [before, after] = await Promise.all([
          readFileInImage(docker, FIRST, '/app/server.js'),
          readFileInImage(docker, SECOND, '/app/server.js'),
        ])
        return before !== null && after !== null && before !== after
      },
    },
    {
      id: 'dependency-layer-reused',
      passMessage: `${SECOND} 은 맨 위 소스 레이어만 새로 만들고, 의존성 설치까지의 레이어는 ${FIRST} 의 것을 그대로 썼습니다.`,
      failMessage: `${SECOND} 는 소스 레이어 말고도 ${FIRST} 와 다른 레이어가 있습니다. 캐시가 중간에 깨졌습니다.`,
      hint: '소스를 복사하는 COPY . . 가 npm 설치보다 뒤에 있어야 합니다. --no-cache 없이, Dockerfile 의 다른 줄은 그대로 두고 server.js 만 바꿔 shop:2 를 빌드하세요.',
      test: ({ docker }) => onlyTopLayerChanged(docker, FIRST, SECOND),
    },
  ],
  'single-run': [
    imageExists(TIDY, {
      hint: '~/workspace/build-cache/tidy 에서 Dockerfile 을 고친 뒤 docker build -t tidy:1 . 로 빌드하세요.',
    }),
    {
      id: 'built-on-busybox',
      passMessage: `${TIDY} 은 busybox 위에 만들어졌습니다.`,
      failMessage: `${TIDY} 이 busybox 위에 레이어를 얹은 이미지가 아닙니다.`,
      hint: 'FROM busybox 는 그대로 두세요.',
      test: ({ docker }) => builtOnAny(docker, TIDY, ['busybox', 'busybox:latest'], 1),
    },
    {
      id: 'key-kept',
      passMessage: '/opt/tool/license.key 가 이미지에 들어 있습니다.',
      failMessage: `${TIDY} 에 /opt/tool/license.key 가 없습니다.`,
      hint: 'RUN 을 합칠 때 mkdir -p /opt/tool && head … > /opt/tool/license.key 부분을 빠뜨리지 마세요.',
      test: async ({ docker }) => (await pathExistsInImage(docker, TIDY, '/opt/tool/license.key')) === true,
    },
    {
      id: 'no-leftover',
      passMessage: `${TIDY} 의 크기가 busybox 와 거의 같습니다. 배포 파일이 어느 레이어에도 남지 않았습니다.`,
      failMessage: `${TIDY} 이 busybox 보다 5MB 넘게 큽니다. 지운 배포 파일이 아래 레이어에 남아 있습니다.`,
      hint: 'dd, head, rm 을 && 로 이어 RUN 하나로 만드세요. docker history tidy:1 에서 30MB 짜리 레이어가 사라져야 합니다.',
      test: async ({ docker }) => {
        const [tidy, base] = await Promise.all([imageSize(docker, TIDY), imageSize(docker, 'busybox')])
        return tidy !== null && base !== null && tidy < base + TIDY_SLACK_BYTES
      },
    },
  ],
  'ignore-secrets': [
    imageExists(CLEAN, {
      hint: '.dockerignore 를 만든 뒤 ~/workspace/build-cache/shop 에서 docker build -t shop:clean . 로 빌드하세요.',
    }),
    {
      id: 'app-inside',
      passMessage: `${CLEAN} 에 server.js 와 설치된 node_modules 가 있습니다.`,
      failMessage: `${CLEAN} 에 /app/server.js 나 /app/node_modules/won-format 이 없습니다.`,
      hint: '.dockerignore 에는 빼고 싶은 것만 적으세요. server.js, package.json, vendor 까지 빼면 앱이 동작하지 않습니다.',
      test: async ({ docker }) =>
        (await pathExistsInImage(docker, CLEAN, '/app/server.js')) === true &&
        (await pathExistsInImage(docker, CLEAN, '/app/node_modules/won-format')) === true,
    },
    {
      id: 'no-env',
      passMessage: `${CLEAN} 에 비밀 키 파일 .env 가 없습니다.`,
      failMessage: `${CLEAN} 에 /app/.env 가 들어 있습니다.`,
      hint: 'shop 폴더의 .dockerignore 에 .env 한 줄을 적고 다시 빌드하세요. 파일 이름이 .dockerignore 인지(앞의 점 포함) 확인하세요.',
      test: async ({ docker }) => (await pathExistsInImage(docker, CLEAN, '/app/.env')) === false,
    },
    {
      id: 'no-logs',
      passMessage: `${CLEAN} 에 logs 폴더가 없습니다.`,
      failMessage: `${CLEAN} 에 /app/logs 가 들어 있습니다.`,
      hint: '.dockerignore 에 logs 한 줄을 더하고 다시 빌드하세요.',
      test: async ({ docker }) => (await pathExistsInImage(docker, CLEAN, '/app/logs')) === false,
    },
  ],
})
