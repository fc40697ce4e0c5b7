# Stop the build after the stage named build: that stage becomes the image.
cd ~/workspace/multi-stage-builds/site
printf '%s\n' 'FROM node:18 AS build' 'WORKDIR /app' 'COPY . .' 'RUN npm run build' '' 'FROM nginx' 'COPY --from=build /app/dist /usr/share/nginx/html' > Dockerfile
docker build --target build -t site:build-stage .
