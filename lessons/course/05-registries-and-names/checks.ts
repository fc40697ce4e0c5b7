/** @module Checks of lesson 5: extra names (tags) on images, one of them with a registry address. */
import { defineChecks, imageIdOf, inspectImage, sameImage } from '../../src/index.ts'

const FULL_NAME = 'registry.example.com/team/base:12'

export default defineChecks({
  'tag-nginx': [
    {
      id: 'nginx-present',
      passMessage: 'nginx 이미지가 엔진에 있습니다.',
      failMessage: 'nginx 이미지가 엔진에 없습니다.',
      hint: 'docker pull nginx 로 먼저 nginx 이미지를 받으세요. docker image prune -a 로 지웠다면 다시 받으면 됩니다.',
      test: async ({ docker }) => (await imageIdOf(docker, 'nginx:latest')) !== null,
    },
    {
      id: 'tag-exists',
      passMessage: 'myorg/web:1.0 이라는 이름의 이미지가 있습니다.',
      failMessage: 'myorg/web:1.0 이라는 이름의 이미지가 없습니다.',
      hint: 'docker tag nginx myorg/web:1.0 을 실행하세요. 태그(:1.0)까지 정확히 적어야 합니다. docker images myorg/web 로 확인할 수 있습니다.',
      test: async ({ docker }) => (await imageIdOf(docker, 'myorg/web:1.0')) !== null,
    },
    {
      id: 'same-image',
      passMessage: 'myorg/web:1.0 은 nginx 와 같은 이미지 ID 를 가리킵니다.',
      failMessage: 'myorg/web:1.0 이 nginx 와 다른 이미지를 가리킵니다.',
      hint: '다른 이미지에 이름을 붙인 것 같습니다. docker rmi myorg/web:1.0 으로 이름을 떼고 docker tag nginx myorg/web:1.0 으로 다시 붙이세요.',
      test: ({ docker }) => sameImage(docker, 'myorg/web:1.0', 'nginx:latest'),
    },
  ],
  'full-name': [
    {
      id: 'debian-12-pulled',
      passMessage: 'debian:12 이미지를 받아 두었습니다.',
      failMessage: 'debian:12 이라는 이름의 이미지가 없습니다.',
      hint: 'docker pull debian:12 를 실행하세요. debian:bookworm 이나 debian 만 받으면 12 라는 태그는 생기지 않습니다.',
      test: async ({ docker }) => (await inspectImage(docker, 'debian:12')) !== null,
    },
    {
      id: 'full-name-exists',
      passMessage: `${FULL_NAME} 이라는 이름의 이미지가 있습니다.`,
      failMessage: `${FULL_NAME} 이라는 이름의 이미지가 없습니다.`,
      hint: 'docker tag debian:12 registry.example.com/team/base:12 를 실행하세요. 레지스트리 주소, 프로젝트, 이미지, 태그의 철자를 하나씩 확인하세요.',
      test: async ({ docker }) => (await inspectImage(docker, FULL_NAME)) !== null,
    },
    {
      id: 'same-image',
      passMessage: `${FULL_NAME} 은 debian:12 와 같은 이미지입니다.`,
      failMessage: `${FULL_NAME} 이 debian:12 와 다른 이미지를 가리킵니다.`,
      hint: 'docker rmi registry.example.com/team/base:12 로 이름을 떼고, docker tag debian:12 registry.example.com/team/base:12 로 다시 붙이세요.',
      test: ({ docker }) => sameImage(docker, FULL_NAME, 'debian:12'),
    },
  ],
})
