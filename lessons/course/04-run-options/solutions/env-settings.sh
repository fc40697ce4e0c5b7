# A long-running debian container with two environment variables, removed automatically when it stops.
docker run -d --rm --name settings -e APP_MODE=production -e APP_LANG=ko debian:bookworm sleep infinity
