# Leave the secret .env and the logs out of the build context.
cd ~/workspace/build-cache/shop
printf '%s\n' '.env' 'logs' 'node_modules' > .dockerignore
docker build -t shop:clean .
