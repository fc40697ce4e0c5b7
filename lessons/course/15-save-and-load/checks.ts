/** @module Checks of lesson 16 save-and-load: an image saved to a tar in the workstation, then removed, loaded back from it and served. */
import {
  archiveHoldsImage,
  builtOnAny,
  containerExists,
  containerPublishesPort,
  containerRunning,
  containerUsesImage,
  defineChecks,
  httpBodyInWorkstation,
  imageExists,
  loadedAfterRemoval,
} from '../../src/index.ts'
import type { ConditionSpec } from '../../src/index.ts'

const CARD = 'greeting-card:1.0'
const ARCHIVE = '/root/workspace/save-and-load/greeting-card.tar'
const CARD_TEXT = '도커 교실 수료를 축하합니다'

const archiveHoldsCard: ConditionSpec = {
  id: 'archive-holds-image',
  passMessage: `~/workspace/save-and-load/greeting-card.tar 에 지금의 ${CARD} 이미지가 들어 있습니다.`,
  failMessage: `~/workspace/save-and-load/greeting-card.tar 가 없거나, 그 안에 지금의 ${CARD} 이미지가 없습니다.`,
  hint: `docker save -o ~/workspace/save-and-load/greeting-card.tar ${CARD} 로 저장하세요. 이미지를 다시 빌드했다면 저장도 다시 해야 합니다. tar -xOf 파일 manifest.json 으로 안을 확인할 수 있습니다.`,
  test: (ctx) => archiveHoldsImage(ctx, ARCHIVE, CARD),
}

export default defineChecks({
  'save-to-tar': [
    imageExists(CARD, {
      hint: `~/workspace/save-and-load/card 에서 docker build -t ${CARD} . 로 빌드하세요.`,
    }),
    {
      id: 'built-on-nginx',
      passMessage: `${CARD} 은 nginx 위에 수료 카드 페이지를 얹은 이미지입니다.`,
      failMessage: `${CARD} 이 nginx 위에 만든 이미지가 아닙니다.`,
      hint: 'card 폴더의 Dockerfile 을 그대로 써서 빌드하세요.',
      test: ({ docker }) => builtOnAny(docker, CARD, ['nginx', 'nginx:1.22'], 1),
    },
    archiveHoldsCard,
  ],
  'load-and-run': [
    archiveHoldsCard,
    {
      id: 'loaded-back',
      passMessage: `${CARD} 은 엔진에서 지워진 뒤 tar 파일에서 다시 들어왔습니다.`,
      failMessage: `${CARD} 을 지운 뒤 docker load 로 다시 들인 기록이 없습니다.`,
      hint: `docker rmi ${CARD} 로 지우고(그 이미지로 만든 컨테이너가 있으면 먼저 docker rm -f) docker load -i ~/workspace/save-and-load/greeting-card.tar 로 다시 들이세요.`,
      test: ({ docker }) => loadedAfterRemoval(docker, CARD),
    },
    containerExists('card', {
      hint: `docker run -d --name card -p 8091:80 ${CARD} 로 띄우세요.`,
    }),
    containerUsesImage('card', CARD, {
      id: 'uses-greeting-card',
      hint: `docker rm -f card 로 지운 뒤, 이미지 이름을 ${CARD} 로 해서 다시 만드세요.`,
    }),
    containerRunning('card'),
    containerPublishesPort('card', 8091, 80),
    {
      id: 'serves-card',
      passMessage: `localhost:8091 이 수료 카드("${CARD_TEXT}")로 응답합니다.`,
      failMessage: `localhost:8091 의 응답에 "${CARD_TEXT}" 가 없습니다.`,
      hint: 'curl localhost:8091 로 확인해 보세요. nginx 기본 페이지가 나온다면 card 컨테이너가 greeting-card:1.0 이 아닌 다른 이미지로 만들어진 것입니다.',
      test: async (ctx) => (await httpBodyInWorkstation(ctx, 8091))?.includes(CARD_TEXT) === true,
    },
  ],
})
