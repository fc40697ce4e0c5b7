# Start nginx as "draft", rename it, then copy a page made in the workstation into it.
docker run -d --name draft nginx
docker rename draft homepage
echo '<h1>안녕하세요</h1>' > hello.html
docker cp hello.html homepage:/usr/share/nginx/html/hello.html
