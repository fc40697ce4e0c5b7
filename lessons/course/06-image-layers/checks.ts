/** @module Checks of lesson 6: an image committed from a debian container, read through its layer list and history. */
import type Dockerode from 'dockerode'
import { defineChecks, imageExists, imageHistory, imageLayers, startsWithLayers } from '../../src/index.ts'

const IMAGE = 'my-debian:layer'
/** debian:bookworm under any of its tags, in case the learner pulled another one or removed a tag. */
const DEBIAN_TAGS = ['debian:bookworm', 'debian:12', 'debian:latest']

async function debianLayers(docker: Dockerode): Promise<string[] | null> {
  for (const tag of DEBIAN_TAGS) {
    const layers = await imageLayers(docker, tag)
    if (layers) return layers
  }
  return null
}

export default defineChecks({
  'commit-layer': [
    imageExists(IMAGE, {
      hint: 'docker commit -m "메시지" layer-lab my-debian:layer 로 컨테이너를 이미지로 저장하세요. 이름과 태그(:layer)를 정확히 적어야 합니다.',
    }),
    {
      id: 'built-on-debian',
      passMessage: `${IMAGE} 은 debian:bookworm 의 레이어를 그대로 바닥에 깔고 있습니다.`,
      failMessage: `${IMAGE} 의 아래층 레이어가 debian:bookworm 의 레이어와 다릅니다.`,
      hint: 'layer-lab 컨테이너를 debian:bookworm 이미지로 만들었는지 docker ps -a 로 확인하세요. debian:bookworm 을 지웠다면 docker pull debian:bookworm 으로 다시 받으세요.',
      test: async ({ docker }) => {
        const [layers, base] = await Promise.all([imageLayers(docker, IMAGE), debianLayers(docker)])
        return layers !== null && base !== null && startsWithLayers(layers, base)
      },
    },
    {
      id: 'one-new-layer',
      passMessage: `${IMAGE} 에는 debian:bookworm 위에 새 레이어가 정확히 한 장 있습니다.`,
      failMessage: `${IMAGE} 의 레이어 수가 debian:bookworm 보다 정확히 하나 많지 않습니다.`,
      hint: '컨테이너 안에서 아무것도 바꾸지 않고 커밋하면 레이어가 생기지 않습니다. docker diff layer-lab 에 A /hello.txt 가 보이는지 확인한 뒤 다시 커밋하세요. 커밋한 이미지로 또 커밋했다면 레이어가 두 장이 되니, debian:bookworm 으로 만든 컨테이너에서 한 번만 커밋하세요.',
      test: async ({ docker }) => {
        const [layers, base] = await Promise.all([imageLayers(docker, IMAGE), debianLayers(docker)])
        return layers !== null && base !== null && layers.length === base.length + 1
      },
    },
    {
      id: 'commit-message',
      passMessage: `${IMAGE} 의 history 맨 위에 커밋 메시지가 남아 있습니다.`,
      failMessage: `${IMAGE} 의 history 맨 위 단계에 커밋 메시지가 없습니다.`,
      hint: 'docker commit 에 -m "hello.txt 추가" 처럼 메시지를 붙여 다시 커밋하세요. docker image history my-debian:layer 의 COMMENT 열에서 확인할 수 있습니다.',
      test: async ({ docker }) => ((await imageHistory(docker, IMAGE))?.[0]?.Comment ?? '').trim() !== '',
    },
  ],
})
