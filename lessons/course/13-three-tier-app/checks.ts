/**
 * @module Checks of lesson 13: the Leafy 3-tier app on leafy-network, first from the catalog's
 * devwikirepo images, then from the learner's own builds with a database password given by -e.
 */
import {
  containerEnv,
  containerOnNetwork,
  containerPublishesPort,
  containerRunning,
  containerUsesImage,
  defineChecks,
  httpBodyInWorkstation,
  imageExists,
  networkExists,
  type ConditionSpec,
} from '../../src/index.ts'

const NETWORK = 'leafy-network'
/** A user of the app's first data: proof that the answer went frontend → backend → database. */
const SAMPLE_USER = 'john123@qmail.com'
const IMAGE_DEFAULT_PASSWORD = 'leafy-password'

/** Where each tier's image comes from: the catalog's (the notes' names) or the learner's build. */
interface TierImages {
  database: string
  backend: string
  frontend: string
}

const CATALOG_IMAGES: TierImages = {
  database: 'devwikirepo/leafy-postgres:1.0.0',
  backend: 'devwikirepo/leafy-backend:1.0.0',
  frontend: 'devwikirepo/leafy-frontend:1.0.0',
}
const LEARNER_IMAGES: TierImages = {
  database: 'learner/leafy-postgres:1.0.0',
  backend: 'learner/leafy-backend:1.0.0',
  frontend: 'learner/leafy-frontend:1.0.0',
}

/** One tier's container: made from its image, running, on leafy-network. Ids are prefixed with the tier. */
function tierConditions(tier: keyof TierImages, name: string, image: string): ConditionSpec[] {
  const recreate = `docker rm -f ${name} 으로 지운 뒤 --name ${name} --network ${NETWORK} 를 붙여 ${image} 로 다시 만드세요.`
  return [
    containerUsesImage(name, image, { id: `${tier}-image`, hint: recreate }),
    containerRunning(name, {
      id: `${tier}-running`,
      hint: `docker ps -a 로 상태를 보고 docker logs ${name} 으로 멈춘 까닭을 확인하세요. 포트가 이미 쓰이고 있다면(port is already allocated) 그 포트를 쓰는 컨테이너를 지우세요.`,
    }),
    containerOnNetwork(name, NETWORK, { id: `${tier}-on-network`, hint: recreate }),
  ]
}

const backendFindsDatabase: ConditionSpec = {
  id: 'backend-db-url',
  passMessage: 'leafy 컨테이너의 DB_URL 이 leafy-postgres 입니다.',
  failMessage: 'leafy 컨테이너의 환경 변수 DB_URL 이 leafy-postgres 가 아닙니다.',
  hint: 'docker rm -f leafy 후 -e DB_URL=leafy-postgres 를 붙여 다시 만드세요. 환경 변수는 컨테이너를 만들 때만 정할 수 있습니다.',
  test: async ({ docker }) => (await containerEnv(docker, 'leafy'))?.['DB_URL'] === 'leafy-postgres',
}

const appAnswersThroughFrontend: ConditionSpec = {
  id: 'app-answers',
  passMessage: `localhost/api/v1/users 가 데이터베이스의 사용자 목록(${SAMPLE_USER} …)으로 응답합니다.`,
  failMessage: 'localhost/api/v1/users 에서 사용자 목록이 오지 않습니다.',
  hint: 'curl localhost/api/v1/users 를 직접 실행해 보세요. 502 면 leafy 가 leafy-network 에 없거나 멈춘 것이고, 503 이면 백엔드가 데이터베이스에 접속하지 못한 것입니다(docker logs leafy). 데이터베이스가 막 시작했다면 몇 초 뒤 다시 채점하세요.',
  test: async (ctx) => (await httpBodyInWorkstation(ctx, 80, '/api/v1/users'))?.includes(SAMPLE_USER) === true,
}

function leafyConditions(images: TierImages): ConditionSpec[] {
  return [
    networkExists(NETWORK),
    ...tierConditions('database', 'leafy-postgres', images.database),
    ...tierConditions('backend', 'leafy', images.backend),
    backendFindsDatabase,
    containerPublishesPort('leafy', 8080, 8080, { id: 'backend-port-8080' }),
    ...tierConditions('frontend', 'leafy-front', images.frontend),
    containerPublishesPort('leafy-front', 80, 80, { id: 'frontend-port-80' }),
    appAnswersThroughFrontend,
  ]
}

export default defineChecks({
  'run-leafy': leafyConditions(CATALOG_IMAGES),
  'build-leafy': [
    ...(['database', 'backend', 'frontend'] as const).map((tier) =>
      imageExists(LEARNER_IMAGES[tier], {
        id: `${tier}-built`,
        hint: `~/workspace/three-tier-app 에서 docker build -t ${LEARNER_IMAGES[tier]} <폴더> 로 빌드하세요.`,
      }),
    ),
    {
      id: 'own-password',
      passMessage: '데이터베이스가 이미지의 기본값이 아닌 새 비밀번호로 만들어졌고, 백엔드도 같은 비밀번호를 씁니다.',
      failMessage: '데이터베이스의 POSTGRES_PASSWORD 가 기본값 그대로이거나, 백엔드의 DB_PASSWORD 와 다릅니다.',
      hint: 'leafy-postgres 는 -e POSTGRES_PASSWORD=새비밀번호 로, leafy 는 -e DB_PASSWORD=같은비밀번호 로 다시 만드세요. 데이터베이스의 비밀번호는 처음 만들 때만 정해지므로 leafy-postgres 도 지우고 새로 만들어야 합니다.',
      test: async ({ docker }) => {
        const [database, backend] = await Promise.all([containerEnv(docker, 'leafy-postgres'), containerEnv(docker, 'leafy')])
        const password = database?.['POSTGRES_PASSWORD']
        return password !== undefined && password !== IMAGE_DEFAULT_PASSWORD && backend?.['DB_PASSWORD'] === password
      },
    },
    ...leafyConditions(LEARNER_IMAGES),
  ],
})
