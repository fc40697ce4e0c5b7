-- 방명록 테이블을 만들고 첫 글을 남깁니다. written_at 에는 글을 쓴 시각이 저절로 들어갑니다.
CREATE TABLE IF NOT EXISTS guestbook (
  id serial PRIMARY KEY,
  message text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO guestbook (message) VALUES ('볼륨에 남긴 첫 글');
SELECT id, message, written_at FROM guestbook;
