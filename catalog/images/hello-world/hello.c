/* The message of the course's hello-world image, in Korean and English. */
#include <unistd.h>

static const char message[] =
    "\n"
    "Hello from Docker!\n"
    "도커에서 보내는 인사입니다!\n"
    "\n"
    "이 메시지가 보인다면 도커가 제대로 동작하고 있습니다.\n"
    "This message shows that your installation appears to be working correctly.\n"
    "\n"
    "이 메시지를 보여 주려고 도커는 다음 일을 했습니다:\n"
    "To generate this message, Docker took the following steps:\n"
    " 1. 도커 클라이언트가 도커 데몬에 연락했습니다.\n"
    "    The Docker client contacted the Docker daemon.\n"
    " 2. 도커 데몬이 레지스트리에서 \"hello-world\" 이미지를 내려받았습니다(pull).\n"
    "    The Docker daemon pulled the \"hello-world\" image from the registry.\n"
    " 3. 도커 데몬이 그 이미지로 새 컨테이너를 만들었고, 컨테이너는\n"
    "    지금 보고 있는 이 글을 출력하는 프로그램을 실행했습니다.\n"
    "    The Docker daemon created a new container from that image which runs the\n"
    "    executable that produces the output you are currently reading.\n"
    " 4. 도커 데몬이 그 출력을 도커 클라이언트로 보냈고, 클라이언트가\n"
    "    여러분의 터미널에 보여 주었습니다.\n"
    "    The Docker daemon streamed that output to the Docker client, which sent it\n"
    "    to your terminal.\n"
    "\n"
    "더 해 보고 싶다면 데비안 컨테이너 안에서 셸을 실행해 보세요:\n"
    "To try something more ambitious, you can run a Debian container with:\n"
    " $ docker run -it debian bash\n"
    "\n";

int main(void) {
    const char *next = message;
    size_t remaining = sizeof message - 1;
    while (remaining > 0) {
        ssize_t written = write(STDOUT_FILENO, next, remaining);
        if (written <= 0) return 1;
        next += written;
        remaining -= (size_t)written;
    }
    return 0;
}
