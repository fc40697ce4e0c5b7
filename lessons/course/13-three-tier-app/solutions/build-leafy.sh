# Build the three tiers from the lesson's files, then run them with a database password of our own.
cd ~/workspace/three-tier-app
docker build -t learner/leafy-postgres:1.0.0 leafy-postgresql
docker build -t learner/leafy-backend:1.0.0 leafy-backend
docker build -t learner/leafy-frontend:1.0.0 leafy-frontend
docker network create leafy-network
docker run -d --name leafy-postgres --network leafy-network -e POSTGRES_PASSWORD=green-thumb-2024 learner/leafy-postgres:1.0.0
docker run -d -p 8080:8080 -e DB_URL=leafy-postgres -e DB_PASSWORD=green-thumb-2024 --network leafy-network --name leafy learner/leafy-backend:1.0.0
docker run -d -p 80:80 --network leafy-network --name leafy-front learner/leafy-frontend:1.0.0
curl --silent --fail --retry 20 --retry-delay 1 --retry-all-errors localhost/api/v1/users
