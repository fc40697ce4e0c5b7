# down removes the containers and the network but keeps the named volume (down -v would remove it too).
cd ~/workspace/compose/leafy
docker compose up -d
docker compose down
