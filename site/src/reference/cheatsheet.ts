/**
 * @module The course's cheat sheet (치트시트): every command the lessons teach, grouped by what the
 * learner wants to do, with the lesson that teaches it. Rendered by `pages/cheatsheet.astro`;
 * `reference.test.ts` checks that each lesson named here exists and shows the command.
 */

export interface CheatsheetCommand {
  /** The command as typed; `<…>` marks what the learner fills in. */
  command: string
  /** What it does, in Korean. */
  does: string
  /** Id of the lesson that teaches it; its text contains the command up to the first `<`. */
  lesson: string
}

export interface CheatsheetGroup {
  /** The task, in Korean. */
  task: string
  commands: readonly CheatsheetCommand[]
}

export const CHEATSHEET: readonly CheatsheetGroup[] = [
  {
    task: '도커 엔진 확인하기',
    commands: [
      { command: 'docker version', does: '클라이언트와 데몬(서버)의 버전을 봅니다', lesson: 'first-container' },
      { command: 'docker info', does: '엔진의 상태: 컨테이너·이미지 수, 저장 방식, 레지스트리 미러', lesson: 'first-container' },
      { command: 'docker --help', does: '명령 목록을 봅니다. `docker run --help` 처럼 명령마다 옵션도 볼 수 있습니다', lesson: 'first-container' },
      { command: 'curl --unix-socket /var/run/docker.sock http://localhost/version', does: 'docker 명령 없이 REST API 로 데몬에 직접 묻습니다', lesson: 'docker-architecture' },
    ],
  },
  {
    task: '컨테이너 실행하기',
    commands: [
      { command: 'docker run hello-world', does: '이미지가 없으면 내려받고(pull), 컨테이너를 만들어(create) 시작합니다(start)', lesson: 'first-container' },
      { command: 'docker run -d --name <이름> -p <호스트 포트>:<컨테이너 포트> <이미지>', does: '이름을 붙여 백그라운드로 실행하고 포트를 공개합니다', lesson: 'run-options' },
      { command: 'docker run -it <이미지> bash', does: '컨테이너 안의 셸을 터미널로 씁니다 (`exit` 로 나옵니다)', lesson: 'run-options' },
      { command: 'docker run --rm <이미지> <명령>', does: '명령이 끝나면 컨테이너를 바로 지웁니다', lesson: 'run-options' },
      { command: 'docker run -e <이름>=<값> <이미지>', does: '환경 변수를 넘깁니다 (`--env` 와 같습니다)', lesson: 'run-options' },
      { command: 'docker run --hostname <이름> <이미지>', does: '컨테이너의 호스트 이름을 정합니다', lesson: 'docker-architecture' },
      { command: 'docker run --memory 64m <이미지>', does: '메모리 한도를 정합니다 (cgroup)', lesson: 'docker-architecture' },
      { command: 'docker create --name <이름> <이미지>', does: '컨테이너를 만들기만 하고 시작하지 않습니다', lesson: 'images-and-containers' },
    ],
  },
  {
    task: '컨테이너 살펴보기',
    commands: [
      { command: 'docker ps', does: '실행 중인 컨테이너 목록', lesson: 'first-container' },
      { command: 'docker ps -a', does: '멈춘 컨테이너까지 모두', lesson: 'first-container' },
      { command: 'docker logs <컨테이너>', does: '컨테이너의 출력(로그)을 봅니다', lesson: 'first-container' },
      { command: 'docker logs -f <컨테이너>', does: '로그를 계속 따라가며 봅니다 (Ctrl+C 로 멈춤)', lesson: 'images-and-containers' },
      { command: 'docker logs -t <컨테이너>', does: '줄마다 기록된 시각을 붙여 봅니다', lesson: 'images-and-containers' },
      { command: 'docker inspect <컨테이너>', does: '설정과 상태를 JSON 으로 자세히 봅니다 (`docker container inspect` 와 같습니다)', lesson: 'images-and-containers' },
      { command: 'docker top <컨테이너>', does: '컨테이너 안에서 도는 프로세스', lesson: 'images-and-containers' },
      { command: 'docker stats', does: 'CPU·메모리 사용량 (`--no-stream` 이면 한 번만)', lesson: 'docker-architecture' },
      { command: 'docker diff <컨테이너>', does: '이미지와 견주어 바뀐 파일 (A 추가, C 변경, D 삭제)', lesson: 'images-and-containers' },
      { command: 'docker port <컨테이너>', does: '공개된 포트 연결', lesson: 'run-options' },
    ],
  },
  {
    task: '컨테이너 다루기',
    commands: [
      { command: 'docker stop <컨테이너>', does: '정상 종료를 요청해 멈춥니다', lesson: 'images-and-containers' },
      { command: 'docker start <컨테이너>', does: '멈춘 컨테이너를 다시 시작합니다', lesson: 'images-and-containers' },
      { command: 'docker restart <컨테이너>', does: '멈췄다가 다시 시작합니다', lesson: 'images-and-containers' },
      { command: 'docker pause <컨테이너>', does: '프로세스를 얼려 둡니다 (`docker unpause` 로 풉니다)', lesson: 'images-and-containers' },
      { command: 'docker rename <현재 이름> <새 이름>', does: '컨테이너 이름을 바꿉니다', lesson: 'images-and-containers' },
      { command: 'docker exec -it <컨테이너> bash', does: '실행 중인 컨테이너 안에서 셸을 엽니다', lesson: 'images-and-containers' },
      { command: 'docker cp <컨테이너>:<경로> <작업 환경 경로>', does: '컨테이너와 작업 환경 사이에 파일을 복사합니다 (반대 방향도 됩니다)', lesson: 'images-and-containers' },
      { command: 'docker rm <컨테이너>', does: '멈춘 컨테이너를 지웁니다', lesson: 'images-and-containers' },
      { command: 'docker rm -f <컨테이너>', does: '실행 중이어도 멈추고 지웁니다', lesson: 'images-and-containers' },
    ],
  },
  {
    task: '이미지 다루기',
    commands: [
      { command: 'docker pull <이미지>:<태그>', does: '레지스트리에서 이미지를 내려받습니다', lesson: 'registries-and-names' },
      { command: 'docker pull -a <이미지>', does: '저장소의 모든 태그를 받습니다 (`-q` 는 진행 상황 없이 조용히)', lesson: 'registries-and-names' },
      { command: 'docker images --digests', does: '이미지마다 내용의 지문(다이제스트)을 함께 봅니다', lesson: 'registries-and-names' },
      { command: 'docker pull <이미지>@<다이제스트>', does: '태그 대신 다이제스트로, 내용이 정확히 같은 이미지를 받습니다', lesson: 'registries-and-names' },
      { command: 'docker images', does: '로컬 이미지 목록 (`docker image ls` 와 같습니다)', lesson: 'registries-and-names' },
      { command: 'docker tag <원래 이름> <새 이름>', does: '같은 이미지에 이름(태그)을 하나 더 붙입니다', lesson: 'registries-and-names' },
      { command: 'docker rmi <이미지>', does: '이미지(이름)를 지웁니다 (`docker image rm` 과 같습니다)', lesson: 'registries-and-names' },
      { command: 'docker image prune', does: '이름 없는(`<none>`) 이미지를 치웁니다. `-a` 는 쓰이지 않는 이미지 모두', lesson: 'registries-and-names' },
      { command: 'docker image inspect <이미지>', does: '이미지의 설정과 레이어 목록(RootFS.Layers)', lesson: 'image-layers' },
      { command: 'docker image history <이미지>', does: '레이어마다 어떤 명령으로 생겼고 크기가 얼마인지', lesson: 'image-layers' },
      { command: 'docker system df', does: '이미지·컨테이너·볼륨이 디스크를 얼마나 쓰는지', lesson: 'image-layers' },
    ],
  },
  {
    task: '레지스트리에 올리기',
    commands: [
      { command: 'docker login <레지스트리>', does: '레지스트리에 로그인합니다', lesson: 'registries-and-names' },
      { command: 'docker push <레지스트리>/<이름>:<태그>', does: '이미지를 레지스트리에 올립니다', lesson: 'registries-and-names' },
      { command: 'docker logout <레지스트리>', does: '로그아웃합니다', lesson: 'registries-and-names' },
    ],
  },
  {
    task: '이미지 만들기',
    commands: [
      { command: 'docker commit -m <메시지> <컨테이너> <새 이미지>', does: '컨테이너의 변경을 새 이미지로 굳힙니다 (`-a` 작성자, `-c` 설정)', lesson: 'commit-vs-build' },
      { command: 'docker build -t <이름>:<태그> .', does: '현재 폴더(빌드 재료 폴더)의 Dockerfile 로 이미지를 만듭니다', lesson: 'dockerfile-basics' },
      { command: 'docker build -f <Dockerfile 경로> -t <이름> .', does: '다른 이름의 Dockerfile 로 빌드합니다', lesson: 'dockerfile-basics' },
      { command: 'docker build --build-arg <이름>=<값> -t <이미지> .', does: 'Dockerfile 의 `ARG` 값을 바꿔 빌드합니다', lesson: 'dockerfile-basics' },
      { command: 'docker build --no-cache -t <이름> .', does: '빌드 캐시를 쓰지 않고 처음부터 빌드합니다', lesson: 'build-cache' },
      { command: 'docker build --target <단계 이름> -t <이름> .', does: '멀티 스테이지 Dockerfile 의 한 단계까지만 빌드합니다', lesson: 'multi-stage-builds' },
    ],
  },
  {
    task: '이미지를 파일로 옮기기',
    commands: [
      { command: 'docker save -o <파일>.tar <이미지>', does: '이미지를 tar 파일 하나로 저장합니다 (`docker image save` 와 같습니다)', lesson: 'save-and-load' },
      { command: 'docker load -i <파일>.tar', does: 'tar 파일에서 이미지를 되살립니다 (`docker image load` 와 같습니다)', lesson: 'save-and-load' },
    ],
  },
  {
    task: '데이터 지키기: 볼륨',
    commands: [
      { command: 'docker volume create <볼륨>', does: '볼륨을 만듭니다', lesson: 'volumes' },
      { command: 'docker volume ls', does: '볼륨 목록', lesson: 'volumes' },
      { command: 'docker volume inspect <볼륨>', does: '볼륨의 자세한 정보 (실제 위치 Mountpoint 등)', lesson: 'volumes' },
      { command: 'docker volume rm <볼륨>', does: '볼륨을 지웁니다 (쓰는 컨테이너가 없어야 합니다)', lesson: 'volumes' },
      { command: 'docker run -v <볼륨>:<컨테이너 경로> <이미지>', does: '볼륨을 컨테이너의 경로에 연결합니다. 앞부분이 `/` 로 시작하는 경로면 바인드 마운트입니다', lesson: 'volumes' },
    ],
  },
  {
    task: '컨테이너 잇기: 네트워크',
    commands: [
      { command: 'docker network ls', does: '네트워크 목록', lesson: 'networks' },
      { command: 'docker network create <네트워크>', does: '이름으로 서로 찾을 수 있는 네트워크를 만듭니다', lesson: 'networks' },
      { command: 'docker run --network <네트워크> <이미지>', does: '컨테이너를 그 네트워크에 붙여 실행합니다', lesson: 'networks' },
      { command: 'docker network inspect <네트워크>', does: '네트워크의 주소 범위와 붙은 컨테이너', lesson: 'networks' },
      { command: 'docker network connect <네트워크> <컨테이너>', does: '실행 중인 컨테이너를 네트워크에 잇습니다 (`disconnect` 로 끊습니다)', lesson: 'networks' },
      { command: 'docker network rm <네트워크>', does: '네트워크를 지웁니다', lesson: 'networks' },
    ],
  },
  {
    task: '여러 컨테이너를 한 번에: Compose',
    commands: [
      { command: 'docker compose up -d', does: '`compose.yaml` 의 서비스를 모두 만들고 뒤에서 실행합니다 (`--build` 를 붙이면 이미지도 빌드)', lesson: 'compose' },
      { command: 'docker compose ps', does: '이 프로젝트의 컨테이너 목록', lesson: 'compose' },
      { command: 'docker compose logs <서비스>', does: '서비스의 로그 (`-f` 로 따라가기)', lesson: 'compose' },
      { command: 'docker compose exec <서비스> <명령>', does: '실행 중인 서비스 안에서 명령을 실행합니다', lesson: 'compose' },
      { command: 'docker compose stop', does: '컨테이너를 멈추기만 합니다 (`docker compose start` 로 다시 시작)', lesson: 'compose' },
      { command: 'docker compose down', does: '컨테이너와 네트워크를 지웁니다. `-v` 를 붙이면 볼륨도 지웁니다', lesson: 'compose' },
    ],
  },
]
