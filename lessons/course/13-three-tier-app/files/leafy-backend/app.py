"""Leafy 백엔드: 사용자와 식물 목록을 JSON 으로 돌려주는 작은 API 서버 (포트 8080).

어느 데이터베이스에 붙을지는 코드가 아니라 환경 변수로 정합니다. 그래서 같은 이미지를
노트북에서도, 도커 네트워크 안에서도 -e 옵션만 바꿔 그대로 씁니다.
"""
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2

DB_SETTINGS = {
    "host": os.environ.get("DB_URL", "localhost"),
    "port": int(os.environ.get("DB_PORT", "5432")),
    "dbname": os.environ.get("DB_NAME", "leafy"),
    "user": os.environ.get("DB_USER", "leafy"),
    "password": os.environ.get("DB_PASSWORD", "leafy-password"),
    "connect_timeout": 3,
}
DB_LABEL = f"{DB_SETTINGS['host']}:{DB_SETTINGS['port']}/{DB_SETTINGS['dbname']}"

QUERIES = {
    "/api/v1/users": "SELECT id, name, email FROM users ORDER BY id",
    "/api/v1/plants": (
        "SELECT p.id, p.name, u.name AS owner, p.water_every_days, p.last_watered::text AS last_watered"
        " FROM plants p JOIN users u ON u.id = p.owner_id ORDER BY p.id"
    ),
}


def query(sql):
    """요청마다 새로 접속합니다. 데이터베이스가 늦게 떠도 백엔드는 기다렸다가 곧 응답합니다."""
    with psycopg2.connect(**DB_SETTINGS) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        columns = [column.name for column in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


class LeafyHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?", 1)[0].rstrip("/")
        if path == "/api/v1/health":
            self.answer_from_database(lambda: {"status": "ok", "database": DB_LABEL, "users": len(query(QUERIES["/api/v1/users"]))})
        elif path in QUERIES:
            self.answer_from_database(lambda: query(QUERIES[path]))
        else:
            self.send_json(404, {"error": f"{path} 라는 API 는 없습니다", "apis": ["/api/v1/health", *QUERIES]})

    def answer_from_database(self, produce):
        try:
            self.send_json(200, produce())
        except psycopg2.Error as error:
            reason = str(error).strip().splitlines()[0]
            print(f"데이터베이스({DB_LABEL})에 연결할 수 없습니다: {reason}", file=sys.stderr)
            self.send_json(503, {"error": f"데이터베이스({DB_LABEL})에 연결할 수 없습니다", "reason": reason})

    def send_json(self, status, body):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    # 컨테이너의 첫 프로세스(PID 1)는 SIGTERM 에 직접 답해야 docker stop 이 10초를 기다리지 않습니다.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = ThreadingHTTPServer(("0.0.0.0", 8080), LeafyHandler)
    print(f"Leafy 백엔드가 8080 포트에서 요청을 기다립니다 (데이터베이스: {DB_LABEL})")
    server.serve_forever()


if __name__ == "__main__":
    main()
