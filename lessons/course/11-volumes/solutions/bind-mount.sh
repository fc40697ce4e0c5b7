# Serve the workstation's site folder read-only, then edit it in place: no rebuild, no new container.
docker run -d --name web-bind -p 8089:80 -v ~/workspace/volumes/site:/usr/share/nginx/html:ro nginx
echo '<p>바인드 마운트로 바로 바뀐 페이지</p>' >> ~/workspace/volumes/site/index.html
