# One file, one command: compose creates the network, the volume and the three services in order.
cd ~/workspace/compose/leafy
docker compose up -d
curl --silent --fail --retry 20 --retry-delay 1 --retry-all-errors localhost:8000/api/v1/users
