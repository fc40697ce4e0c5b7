/**
 * @module Every Korean sentence the server says to a learner, under flat dotted keys, read through
 * `t()`. Log messages stay in English and live with the code that logs them.
 */

const ko = {
  'request.invalid': '요청 형식이 올바르지 않습니다. 주소와 내용을 확인해 주세요.',
  'request.tooLarge': '요청 내용이 너무 큽니다.',
  'request.notFound': '요청한 주소를 찾을 수 없습니다.',
  'request.originNotAllowed': '이 주소에서는 터미널을 열 수 없습니다. 도커 교실 페이지에서 열어 주세요.',
  'auth.missing': '로그인 정보가 없습니다. 페이지를 새로 고쳐 실습 환경을 다시 만들어 주세요.',
  'auth.invalid': '이 실습 환경에 접근할 권한이 없습니다. 페이지를 새로 고쳐 주세요.',
  'session.notFound': '실습 환경을 찾을 수 없습니다. 시간이 지나 정리되었을 수 있으니 새로 만들어 주세요.',
  'session.stopped': '실습 환경이 멈췄습니다. 페이지를 새로 고쳐 새 환경을 만들어 주세요.',
  'session.notReady': '실습 환경이 아직 준비 중입니다. 잠시 후 다시 시도해 주세요.',
  'session.capacity': '지금은 실습 환경이 모두 사용 중입니다. 잠시 후 다시 시도해 주세요.',
  'session.rateLimited': '실습 환경을 너무 자주 만들었습니다. 잠시 기다린 뒤 다시 시도해 주세요.',
  'session.perClientLimit':
    '한 사람이 동시에 쓸 수 있는 실습 환경 수를 넘었습니다. 다른 탭에서 쓰던 실습 환경이 정리된 뒤 다시 시도해 주세요.',
  'disk.quotaReached':
    '실습 환경의 디스크가 가득 차서 더 저장할 수 없습니다. 쓰지 않는 컨테이너와 이미지를 지우면(docker system prune -a) 다시 쓸 수 있습니다.',
  'disk.quotaExceeded':
    '실습 환경이 디스크 사용 한도를 넘어 중지되었습니다. 페이지를 새로 고쳐 새 실습 환경을 만들어 주세요.',
  'sandbox.startFailed': '실습 환경을 시작하지 못했습니다. 잠시 후 다시 시도해 주세요.',
  'sandbox.execTimeout': '작업 환경에서 명령이 제시간에 끝나지 않았습니다.',
  'sandbox.engineUnavailable': '도커 엔진에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  'lesson.notFound': '해당 레슨을 찾을 수 없습니다.',
  'exercise.notFound': '해당 실습 문제를 찾을 수 없습니다.',
  'server.stopping': '서버가 다시 시작하는 중입니다. 잠시 후 다시 시도해 주세요.',
  'server.internal': '서버에서 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.',
  'site.notBuilt':
    '도커 교실 사이트가 아직 빌드되지 않았습니다. 사이트를 빌드한 뒤 이 페이지를 새로 고쳐 주세요.',
  'site.notFound': '페이지를 찾을 수 없습니다.',
  'files.notFound': '파일이나 폴더를 찾을 수 없습니다.',
  'files.directoryNotFound': '파일을 저장할 폴더가 없습니다. 터미널에서 폴더를 먼저 만들어 주세요.',
  'files.isDirectory': '폴더에는 내용을 쓸 수 없습니다. 파일 이름을 확인해 주세요.',
  'files.symlink': '심볼릭 링크를 거쳐서는 파일을 열거나 저장할 수 없습니다.',
  'files.tooLarge': '파일이 너무 커서 편집기에서 열 수 없습니다.',
  'files.notText': '텍스트(UTF-8) 파일만 편집기에서 열 수 있습니다.',
  'files.conflict': '다른 곳에서 파일이 바뀌었습니다. 파일을 다시 열어 변경 내용을 확인해 주세요.',
  'preview.missingAccess': '미리보기 권한이 없습니다. 도커 교실 페이지에서 미리보기를 다시 열어 주세요.',
  'preview.forbidden': '이 실습 환경의 미리보기를 볼 권한이 없습니다. 도커 교실 페이지에서 다시 열어 주세요.',
  'progress.keyMissing': '학습 기록을 읽을 열쇠가 없거나 올바르지 않습니다. 페이지를 새로 고쳐 주세요.',
  'progress.tooLarge': '학습 기록이 너무 많아 더 저장할 수 없습니다.',
  'progress.rateLimited': '학습 기록을 너무 자주 저장했습니다. 잠시 뒤 자동으로 다시 저장합니다.',
  'preview.unreachable': '이 포트에서 응답하는 프로그램이 없습니다. 컨테이너가 실행 중인지, 포트를 -p 로 공개했는지 확인해 주세요.',
  'classroom.signInFailed': '이름이나 비밀번호가 맞지 않습니다.',
  'classroom.alreadySetUp': '강사 계정이 이미 있습니다. 로그인해 주세요.',
  'classroom.instructorAuth': '강사 로그인이 필요합니다. 다시 로그인해 주세요.',
  'classroom.classNotFound': '해당 수업을 찾을 수 없습니다.',
  'classroom.classEnded': '이미 끝난 수업입니다.',
  'classroom.codeNotFound': '참여 코드에 맞는 진행 중인 수업이 없습니다. 코드를 다시 확인해 주세요.',
  'classroom.classFull': '수업 정원이 다 찼습니다. 강사에게 알려 주세요.',
  'classroom.nicknameTaken': '이 수업에 같은 별명이 이미 있습니다. 다른 별명을 써 주세요.',
  'classroom.unknownLesson': '과정에 없는 레슨이 들어 있습니다.',
  'classroom.memberAuth': '수업 참여 정보가 올바르지 않습니다. 참여 코드로 다시 참여해 주세요.',
  'classroom.memberNotFound': '해당 학습자를 찾을 수 없습니다.',
  'classroom.noSession': '이 학습자의 실습 환경이 없습니다.',
} as const

export type MessageKey = keyof typeof ko

/** The Korean text of `key`. */
export function t(key: MessageKey): string {
  return ko[key]
}
