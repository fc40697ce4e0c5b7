/** @module Checks of lesson 11 multi-stage-builds: a site built with node and served by nginx, smaller than its single-stage twin; the build stage alone with --target. */
import {
  builtOnAny,
  containerExists,
  containerPublishesPort,
  containerRunning,
  containerUsesImage,
  defineChecks,
  httpBodyInWorkstation,
  imageExists,
  imageSize,
  pathExistsInImage,
} from '../../src/index.ts'

const SINGLE = 'site:single'
const MULTI = 'site:multi'
const BUILD_STAGE = 'site:build-stage'
/** Written into the page by build.js only, so the source template cannot pass for the built site. */
const BUILT_PAGE_TEXT = '빌드 단계에서 만든 페이지'

export default defineChecks({
  'two-stages': [
    imageExists(SINGLE, {
      id: 'single-image',
      hint: '~/workspace/multi-stage-builds/site 에서 docker build -f Dockerfile.single -t site:single . 로 비교용 이미지를 빌드하세요.',
    }),
    imageExists(MULTI, {
      id: 'multi-image',
      hint: '같은 폴더에 Dockerfile 을 만든 뒤 docker build -t site:multi . 로 빌드하세요.',
    }),
    {
      id: 'final-stage-nginx',
      passMessage: `${MULTI} 의 마지막 단계는 nginx 에서 시작합니다.`,
      failMessage: `${MULTI} 이 nginx 위에 레이어를 얹은 이미지가 아닙니다.`,
      hint: 'Dockerfile 의 두 번째 FROM 을 FROM nginx 로 하고, 그 아래에 COPY --from=build /app/dist /usr/share/nginx/html 을 적으세요.',
      test: ({ docker }) => builtOnAny(docker, MULTI, ['nginx', 'nginx:1.22'], 1),
    },
    {
      id: 'no-build-tools',
      passMessage: `${MULTI} 에는 node 가 없습니다. 빌드 도구는 빌드 단계에만 남았습니다.`,
      failMessage: `${MULTI} 에 /usr/bin/node 가 들어 있습니다.`,
      hint: '마지막 단계가 node:18 이 아니라 nginx 에서 시작해야 합니다. 빌드 단계에서는 COPY --from 으로 dist 만 가져오세요.',
      test: async ({ docker }) => (await pathExistsInImage(docker, MULTI, '/usr/bin/node')) === false,
    },
    {
      id: 'smaller',
      passMessage: `${MULTI} 이 ${SINGLE} 보다 작습니다.`,
      failMessage: `${MULTI} 이 ${SINGLE} 보다 작지 않습니다.`,
      hint: 'docker images site 로 두 이미지의 크기를 비교해 보세요. 최종 이미지에는 dist 만 복사해야 합니다.',
      test: async ({ docker }) => {
        const [multi, single] = await Promise.all([imageSize(docker, MULTI), imageSize(docker, SINGLE)])
        return multi !== null && single !== null && multi < single
      },
    },
    containerExists('site', {
      hint: 'docker run -d --name site -p 8087:80 site:multi 으로 컨테이너를 띄우세요.',
    }),
    containerUsesImage('site', MULTI, {
      id: 'uses-site-multi',
      hint: 'docker rm -f site 로 지운 뒤, 이미지 이름을 site:multi 로 해서 다시 만드세요.',
    }),
    containerRunning('site'),
    containerPublishesPort('site', 8087, 80, {
      hint: '포트 연결은 만들 때만 정할 수 있습니다. docker rm -f site 후 -p 8087:80 을 붙여 다시 만드세요. nginx 는 80 포트에서 기다립니다.',
    }),
    {
      id: 'serves-built-page',
      passMessage: `localhost:8087 이 빌드된 페이지("${BUILT_PAGE_TEXT}")로 응답합니다.`,
      failMessage: `localhost:8087 의 응답에 "${BUILT_PAGE_TEXT}" 가 없습니다.`,
      hint: 'curl localhost:8087 로 확인해 보세요. nginx 기본 페이지가 나온다면 COPY --from=build 의 원본(/app/dist)과 대상(/usr/share/nginx/html) 경로를 확인하고, 다시 빌드한 뒤 컨테이너도 새로 만드세요.',
      test: async (ctx) => (await httpBodyInWorkstation(ctx, 8087))?.includes(BUILT_PAGE_TEXT) === true,
    },
  ],
  'build-stage-only': [
    imageExists(BUILD_STAGE, {
      hint: 'docker build --target build -t site:build-stage . 로 build 단계까지만 빌드하세요.',
    }),
    {
      id: 'is-build-stage',
      passMessage: `${BUILD_STAGE} 은 node:18 에서 시작한 빌드 단계입니다.`,
      failMessage: `${BUILD_STAGE} 이 node:18 위에 만든 이미지가 아닙니다.`,
      hint: '--target 뒤에는 FROM node:18 AS build 에서 붙인 이름(build)을 적으세요. --target 이 없으면 마지막 단계(nginx)가 빌드됩니다.',
      test: ({ docker }) => builtOnAny(docker, BUILD_STAGE, ['node:18', 'node'], 1),
    },
    {
      id: 'has-dist',
      passMessage: `${BUILD_STAGE} 에 빌드 결과물 /app/dist/index.html 이 있습니다.`,
      failMessage: `${BUILD_STAGE} 에 /app/dist/index.html 이 없습니다.`,
      hint: 'build 단계에 WORKDIR /app, COPY . ., RUN npm run build 가 있는지 확인하고 다시 빌드하세요.',
      test: async ({ docker }) => (await pathExistsInImage(docker, BUILD_STAGE, '/app/dist/index.html')) === true,
    },
  ],
})
