# Build the single-stage image to compare, then a two-stage one (node builds, nginx serves dist only) and run it on 8087.
cd ~/workspace/multi-stage-builds/site
docker build -f Dockerfile.single -t site:single .
printf '%s\n' 'FROM node:18 AS build' 'WORKDIR /app' 'COPY . .' 'RUN npm run build' '' 'FROM nginx' 'COPY --from=build /app/dist /usr/share/nginx/html' > Dockerfile
docker build -t site:multi .
docker run -d --name site -p 8087:80 site:multi
