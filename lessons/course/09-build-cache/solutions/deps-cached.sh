# Copy the dependency files and install first, the source last; then change only the source and rebuild.
cd ~/workspace/build-cache/shop
printf '%s\n' 'FROM node:18' 'WORKDIR /app' 'COPY package.json package-lock.json ./' 'COPY vendor ./vendor' 'RUN npm ci --offline --no-audit --no-fund' 'COPY . .' 'EXPOSE 3000' 'CMD ["node", "server.js"]' > Dockerfile
docker build -t shop:1 .
sed -i 's/오늘의 추천 상품/이번 주 인기 상품/' server.js
docker build -t shop:2 .
