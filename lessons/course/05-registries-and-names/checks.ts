/**
 * @module Checks of lesson 5: extra names (tags) on images, one of them with a registry address;
 * then login, push, removal and pull against the learner's own registry, which stands in for Docker Hub.
 */
import { defineChecks, imageExists, imageIdOf, inspectImage, sameImage } from '../../src/index.ts'
import { imagePushed, loggedInToDockerHub, pulledBackAfterRemoval, pushedImageIs } from '../../src/check-helpers/registry.ts'

const FULL_NAME = 'registry.example.com/team/base:12'
/** The learner's image on "Docker Hub": their account is learner (see catalog/images/workstation/prepare-learner-registry). */
const MY_WEB = 'learner/my-web:0.1'
const LOGIN_HINT = 'docker login 을 실행하고 사용자 이름 learner 와, cat ~/registry-password.txt 로 본 비밀번호를 입력하세요.'

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
  'push-my-image': [
    imageExists(MY_WEB, {
      id: 'tagged',
      hint: `docker tag nginx ${MY_WEB} 로 nginx 에 올릴 이름을 붙이세요. nginx 가 없다면 docker pull nginx 로 먼저 받으세요.`,
    }),
    imagePushed(MY_WEB, {
      hint: `먼저 로그인하세요. ${LOGIN_HINT} 그다음 docker push ${MY_WEB} 를 실행하세요.`,
    }),
    pushedImageIs(MY_WEB, 'nginx:latest', {
      hint: `docker tag nginx ${MY_WEB} 로 nginx 에 이름을 다시 붙이고 docker push ${MY_WEB} 로 다시 올리세요.`,
    }),
  ],
  'pull-it-back': [
    imagePushed(MY_WEB, {
      hint: `앞 실습처럼 docker tag nginx ${MY_WEB} 로 이름을 붙이고, 로그인한 뒤 docker push ${MY_WEB} 로 올리세요.`,
    }),
    {
      id: 'pulled-back',
      passMessage: `${MY_WEB} 를 지운 뒤 레지스트리에서 다시 받아 왔습니다.`,
      failMessage: `${MY_WEB} 를 지운 뒤 레지스트리에서 다시 받은 기록이 없습니다.`,
      hint: `docker rmi ${MY_WEB} 로 내 컴퓨터의 이름을 지우고, docker pull ${MY_WEB} 로 다시 받으세요. 로그아웃했다면 먼저 다시 로그인해야 받을 수 있습니다.`,
      test: ({ docker }) => pulledBackAfterRemoval(docker, MY_WEB),
    },
    {
      id: 'logged-out',
      passMessage: '이 컴퓨터에 Docker Hub 로그인 정보가 남아 있지 않습니다.',
      failMessage: '아직 로그인되어 있습니다. ~/.docker/config.json 에 로그인 정보가 남아 있습니다.',
      hint: '다 받은 뒤 docker logout 을 실행하세요.',
      test: async (ctx) => !(await loggedInToDockerHub(ctx)),
    },
  ],
})
