# Change the page in a resting nginx container, commit it with a message, an author and nginx's CMD back, then serve it.
docker run -d --name nginx-draft nginx sleep infinity
docker exec nginx-draft sh -c 'echo "<h1>커밋으로 만든 nginx</h1>" > /usr/share/nginx/html/index.html'
docker commit -m "첫 페이지 교체" -a "도커 학생" -c 'CMD ["nginx", "-g", "daemon off;"]' nginx-draft my-nginx:commit
docker run -d --name nginx-commit -p 8090:80 my-nginx:commit
