-- Leafy 의 첫 데이터: 사용자와 그들이 키우는 식물.
CREATE TABLE users (
    id    SERIAL PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE
);

CREATE TABLE plants (
    id              SERIAL PRIMARY KEY,
    owner_id        INTEGER NOT NULL REFERENCES users (id),
    name            TEXT NOT NULL,
    water_every_days INTEGER NOT NULL,
    last_watered    DATE NOT NULL
);

INSERT INTO users (name, email) VALUES
    ('김지훈', 'john123@qmail.com'),
    ('이서연', 'seoyeon@qmail.com'),
    ('박하늘', 'haneul@qmail.com');

INSERT INTO plants (owner_id, name, water_every_days, last_watered) VALUES
    (1, '몬스테라', 7, DATE '2024-05-01'),
    (1, '스투키', 30, DATE '2024-04-20'),
    (2, '올리브나무', 5, DATE '2024-05-03'),
    (2, '바질', 2, DATE '2024-05-05'),
    (3, '산세베리아', 21, DATE '2024-04-28');
