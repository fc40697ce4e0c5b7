# late-web starts on the default bridge and is attached to practice-net while it runs.
docker network create practice-net
docker run -d --name practice-client --network practice-net busybox sleep 3600
docker run -d --name late-web nginx
docker network connect practice-net late-web
docker exec practice-client ping -c 1 -W 2 late-web
