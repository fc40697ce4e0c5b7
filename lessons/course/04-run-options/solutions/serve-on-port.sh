# nginx in the background as "shop", workstation port 8888 → container port 80.
docker run -d --name shop -p 8888:80 nginx
