# The notes' commands as typed: one user network, the database, the backend told the database's name, the frontend.
docker network create leafy-network
docker run -d --name leafy-postgres --network leafy-network devwikirepo/leafy-postgres:1.0.0
docker run -d -p 8080:8080 -e DB_URL=leafy-postgres --network leafy-network --name leafy devwikirepo/leafy-backend:1.0.0
docker run -d -p 80:80 --network leafy-network --name leafy-front devwikirepo/leafy-frontend:1.0.0
curl --silent --fail --retry 20 --retry-delay 1 --retry-all-errors localhost/api/v1/users
