/**
 * @module The course's glossary (용어집): every term the lessons use, in the words the lessons use
 * it, with the lesson that teaches it. Rendered by `pages/glossary.astro`; `reference.test.ts`
 * checks that every lesson named here exists and uses the term.
 */

export interface GlossaryEntry {
  /** The Korean term as the lessons write it. */
  term: string
  /** The English word learners meet in docs and error messages. */
  english: string
  definition: string
  /** Id of the lesson that teaches the term; its text contains `term` (or `seenAs`). */
  lesson: string
  /** How the lesson's text writes the term, when not exactly as `term`. */
  seenAs?: string
}

/** The term's anchor on the glossary page, from its English name: `/glossary/#build-context`. */
export function glossaryAnchor(entry: GlossaryEntry): string {
  return entry.english.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  { term: '서버', english: 'server', lesson: 'servers-and-virtualization', definition: '네트워크 너머의 클라이언트에게 웹 페이지, 데이터, 파일 같은 서비스를 제공하는 컴퓨터, 또는 그 일을 하는 프로그램입니다.' },
  { term: '베어메탈', english: 'bare metal', lesson: 'servers-and-virtualization', definition: '물리 서버에 운영체제를 바로 설치하고 그 위에서 앱을 실행하는 방식입니다. 중간 층이 없어 빠르지만, 한 서버의 앱들이 운영체제와 라이브러리를 함께 써야 합니다.' },
  { term: '하이퍼바이저', english: 'hypervisor', lesson: 'servers-and-virtualization', definition: '컴퓨터 한 대의 CPU, 메모리, 디스크를 나눠 여러 가상 머신을 돌리는 소프트웨어입니다. 하드웨어 위에서 바로 도는 유형 1(ESXi, Xen)과 운영체제 위에서 프로그램처럼 도는 유형 2(VirtualBox)가 있습니다.' },
  { term: '가상 머신', english: 'virtual machine, VM', lesson: 'servers-and-virtualization', definition: '하이퍼바이저가 만든 가상의 컴퓨터입니다. 자기만의 게스트 운영체제를 부팅하므로 무겁지만, 호스트와 다른 운영체제도 돌릴 수 있습니다.' },
  { term: '도커', english: 'Docker', lesson: 'servers-and-virtualization', definition: '앱을 이미지로 묶고(build), 레지스트리로 나르고(ship), 어디서든 컨테이너로 실행하는(run) 오픈 소스 플랫폼입니다.' },
  { term: '컨테이너', english: 'container', lesson: 'images-and-containers', definition: '이미지로 만든, 격리된 환경에서 도는 프로세스입니다. 호스트의 커널을 함께 쓰므로 가볍고 빠르며, 이미지 위에 얹힌 쓰기 가능한 레이어에 변경 사항을 담습니다. 지우면 그 레이어도 함께 사라집니다.' },
  { term: '이미지', english: 'image', lesson: 'images-and-containers', definition: '컨테이너를 만드는 읽기 전용 틀입니다. 앱과 라이브러리 같은 파일 시스템(레이어들)과, 실행할 명령·환경 변수 같은 설정을 함께 담고 있습니다.' },
  { term: '쓰기 가능한 레이어', english: 'container layer', lesson: 'images-and-containers', definition: '컨테이너를 만들 때 이미지 맨 위에 하나 얹히는 레이어입니다. 컨테이너 안에서 바뀐 파일은 모두 여기에 기록되고, 이미지는 그대로 남습니다.' },
  { term: '생애 주기', english: 'lifecycle', lesson: 'images-and-containers', definition: '컨테이너가 거치는 상태들입니다: created(만들어짐) → running(실행 중) → paused(일시 정지) / exited(종료) → 삭제.' },
  { term: '도커 데몬', english: 'Docker daemon, dockerd', lesson: 'docker-architecture', definition: '실제로 이미지를 내려받고 컨테이너·네트워크·볼륨을 만들고 관리하는 백그라운드 프로그램입니다. 도커 엔진이라고도 부릅니다.' },
  { term: '도커 클라이언트', english: 'Docker client, docker CLI', lesson: 'docker-architecture', definition: '터미널에서 입력하는 `docker` 명령입니다. 명령을 REST API 요청으로 바꿔 데몬에 보내고, 답을 보기 좋게 출력할 뿐 직접 실행하지는 않습니다.' },
  { term: 'REST API', english: 'REST API', lesson: 'docker-architecture', definition: '클라이언트와 데몬이 주고받는 HTTP 요청의 약속입니다. 보통 `/var/run/docker.sock` 유닉스 소켓을 통해 오가며, `curl` 로도 직접 보낼 수 있습니다.' },
  { term: '네임스페이스', english: 'namespace', lesson: 'docker-architecture', definition: '프로세스가 볼 수 있는 것(프로세스 목록, 호스트 이름, 네트워크, 파일 시스템)을 나누는 리눅스 커널 기능입니다. 컨테이너가 혼자만의 세상에 있는 것처럼 보이는 이유입니다.' },
  { term: 'cgroup', english: 'control group', lesson: 'docker-architecture', definition: '프로세스가 쓸 수 있는 CPU, 메모리, 프로세스 수를 나누고 제한하는 리눅스 커널 기능입니다. `docker run --memory 64m` 같은 한도가 cgroup 으로 적용됩니다.' },
  { term: '레지스트리', english: 'registry', lesson: 'registries-and-names', definition: '이미지를 올리고 내려받는 저장소 서비스입니다. 대표적인 것이 Docker Hub 이고, 회사 안에 따로 둘 수도 있습니다. 이 교실에서는 교실 전용 레지스트리가 Docker Hub 를 대신합니다.' },
  { term: 'Docker Hub', english: 'Docker Hub', lesson: 'registries-and-names', definition: '도커의 기본 공개 레지스트리입니다. 이미지 이름에 레지스트리 주소를 적지 않으면 여기(`docker.io`)에서 찾습니다.' },
  { term: '태그', english: 'tag', lesson: 'registries-and-names', definition: '이미지 이름의 `:` 뒤에 붙는 꼬리표로, 보통 버전을 나타냅니다(`nginx:1.22`). 적지 않으면 `latest` 로 간주합니다. 한 이미지에 태그를 여러 개 붙일 수 있습니다.' },
  { term: '다이제스트', english: 'digest', lesson: 'registries-and-names', definition: '이미지 내용으로 계산한 `sha256:…` 지문입니다. 태그는 다른 이미지로 옮겨 갈 수 있지만 다이제스트는 내용이 같아야만 같으므로, `이름@sha256:…` 으로 정확히 그 이미지를 고를 수 있습니다.' },
  { term: '댕글링 이미지', english: 'dangling image', lesson: 'registries-and-names', seenAs: '<none>', definition: '이름과 태그를 잃어 `<none>` 으로 표시되는 이미지입니다. 같은 이름으로 새 이미지를 만들면 생기고, `docker image prune` 으로 지웁니다.' },
  { term: '레이어', english: 'layer', lesson: 'image-layers', definition: '이미지를 이루는 읽기 전용 파일 시스템 변경분 한 장입니다. 여러 이미지가 같은 레이어를 나눠 쓰므로, 이미 가진 레이어는 다시 내려받지도 저장하지도 않습니다.' },
  { term: '베이스 이미지', english: 'base image', lesson: 'image-layers', definition: '새 이미지를 쌓아 올리는 바탕이 되는 이미지입니다. Dockerfile 의 `FROM` 에 적습니다. 작을수록 빌드와 전송이 빠릅니다.' },
  { term: '커밋', english: 'commit', lesson: 'commit-vs-build', definition: '실행 중인 컨테이너의 쓰기 가능한 레이어를 새 이미지의 레이어로 굳히는 일입니다(`docker commit`). 과정이 기록에 남지 않아 다시 만들기 어렵습니다.' },
  { term: 'Dockerfile', english: 'Dockerfile', lesson: 'dockerfile-basics', definition: '이미지를 만드는 순서를 지시어로 적은 텍스트 파일입니다. 코드처럼 저장소에 두고 언제든 똑같이 다시 빌드할 수 있습니다.' },
  { term: '지시어', english: 'instruction', lesson: 'dockerfile-basics', definition: 'Dockerfile 의 한 줄을 시작하는 낱말입니다: `FROM`, `RUN`, `WORKDIR`, `COPY`, `ADD`, `ENV`, `EXPOSE`, `CMD`, `ENTRYPOINT` 등.' },
  { term: '빌드', english: 'build', lesson: 'dockerfile-basics', definition: 'Dockerfile 을 위에서부터 실행해 이미지를 만드는 일입니다(`docker build -t 이름:태그 .`).' },
  { term: '빌드 재료 폴더', english: 'build context', lesson: 'dockerfile-basics', definition: '`docker build` 의 마지막 인자로 주는 폴더입니다. 그 안의 파일이 데몬에 보내지고, `COPY` 와 `ADD` 는 이 폴더 안의 파일만 가져올 수 있습니다.' },
  { term: 'CMD 와 ENTRYPOINT', english: 'CMD, ENTRYPOINT', lesson: 'dockerfile-basics', seenAs: 'ENTRYPOINT', definition: '컨테이너가 시작할 때 실행할 명령입니다. `docker run 이미지 인자` 의 인자는 CMD 를 바꾸고, ENTRYPOINT 는 그대로 둔 채 그 뒤에 붙습니다.' },
  { term: '빌드 캐시', english: 'build cache', lesson: 'build-cache', definition: '빌드 단계마다 만든 레이어를 기억해 두었다가, 지시어와 재료가 그대로면 다시 쓰는 것입니다. 한 단계가 바뀌면 그 아래 단계는 모두 다시 실행됩니다.' },
  { term: '.dockerignore', english: '.dockerignore', lesson: 'build-cache', definition: '빌드 재료 폴더에서 데몬에 보내지 않을 파일을 적는 파일입니다. 빌드가 빨라지고 비밀 파일이 이미지에 들어가는 것을 막습니다.' },
  { term: '멀티 스테이지 빌드', english: 'multi-stage build', lesson: 'multi-stage-builds', definition: '한 Dockerfile 에 `FROM` 을 여러 번 써서 빌드 단계와 실행 단계를 나누고, `COPY --from` 으로 결과물만 마지막 이미지에 담는 방법입니다. 이미지가 작아지고 빌드 도구가 남지 않습니다.' },
  { term: '볼륨', english: 'volume', lesson: 'volumes', definition: '도커가 관리하는, 컨테이너 밖의 저장 공간입니다. 컨테이너를 지워도 남으므로 데이터베이스 파일처럼 지켜야 할 데이터를 둡니다(`-v 볼륨:/경로`).' },
  { term: '바인드 마운트', english: 'bind mount', lesson: 'volumes', definition: '호스트(작업 환경)의 폴더를 컨테이너 안의 경로에 그대로 연결하는 것입니다(`-v /호스트/경로:/컨테이너/경로`). 한쪽에서 고치면 다른 쪽에서도 바로 보입니다.' },
  { term: '네트워크', english: 'network', lesson: 'networks', definition: '컨테이너끼리 통신하는 가상 네트워크입니다. 사용자가 만든 네트워크에서는 컨테이너 이름으로 서로를 찾을 수 있습니다(`docker network create`).' },
  { term: '브리지 네트워크', english: 'bridge network', lesson: 'networks', seenAs: 'bridge', definition: '도커의 기본 네트워크 방식입니다. 기본 `bridge` 네트워크에서는 이름으로 찾을 수 없어, 컨테이너들을 이으려면 직접 만든 브리지 네트워크를 씁니다.' },
  { term: '포트 포워딩', english: 'port publishing', lesson: 'run-options', definition: '호스트의 포트를 컨테이너의 포트에 잇는 것입니다(`-p 8080:80`: 호스트 8080 → 컨테이너 80). 같은 네트워크의 컨테이너끼리는 포트 공개 없이도 통신합니다.' },
  { term: '환경 변수', english: 'environment variable', lesson: 'run-options', definition: '컨테이너 안 프로그램에 넘기는 `이름=값` 설정입니다. 이미지에는 `ENV` 로, 실행할 때는 `-e 이름=값` 으로 줍니다.' },
  { term: '작업 환경', english: 'workstation', lesson: 'first-container', definition: '이 교실에서 강의마다 열리는 여러분만의 리눅스 환경입니다. 그 안에서 여러분만의 도커 엔진이 돌고, 터미널의 `docker` 명령은 이 엔진에 닿습니다.' },
  { term: '3계층 애플리케이션', english: '3-tier application', lesson: 'three-tier-app', seenAs: '세 계층', definition: '화면(프론트엔드), 처리(백엔드), 저장(데이터베이스)을 따로 나눈 구성입니다. 계층마다 컨테이너를 하나씩 두고 네트워크로 잇습니다.' },
  { term: 'Compose', english: 'Docker Compose', lesson: 'compose', definition: '여러 컨테이너와 네트워크, 볼륨을 `compose.yaml` 한 파일에 적어 두고 `docker compose up` 한 번으로 띄우는 도구입니다.' },
  { term: '서비스', english: 'service', lesson: 'compose', definition: 'Compose 파일에서 컨테이너 하나의 설정(이미지, 포트, 환경 변수, 볼륨)을 묶은 단위입니다. 서비스 이름이 네트워크에서 찾는 이름이 됩니다.' },
  { term: 'tar 파일', english: 'tar archive', lesson: 'save-and-load', seenAs: 'tar', definition: '`docker save` 가 이미지를 담아 만드는 묶음 파일입니다. 레지스트리 없이 USB나 파일 전송으로 이미지를 옮긴 뒤 `docker load` 로 되살립니다.' },
]
