# A user-defined network: its containers find each other by name through Docker's DNS.
docker network create practice-net
docker run -d --name practice-web --network practice-net nginx
docker run -d --name practice-client --network practice-net busybox sleep 3600
docker exec practice-client ping -c 1 -W 2 practice-web
