# Keep postgres's data folder on the named volume, write a row, then replace the container: the row stays.
docker volume create pgdata
docker run -d --name db -e POSTGRES_PASSWORD=classroom -v pgdata:/var/lib/postgresql/data postgres:15
until docker exec db pg_isready -h 127.0.0.1 -q; do sleep 1; done
docker exec -i db psql -U postgres < ~/workspace/volumes/guestbook.sql
docker rm -f db
docker run -d --name db -e POSTGRES_PASSWORD=classroom -v pgdata:/var/lib/postgresql/data postgres:15
until docker exec db pg_isready -h 127.0.0.1 -q; do sleep 1; done
