# Build an nginx image with our own page, an environment variable and the exposed port, then serve it on 8085.
mkdir -p ~/workspace/hello-web && cd ~/workspace/hello-web
echo '<h1>빌드로 만든 첫 페이지</h1>' > index.html
printf '%s\n' 'FROM nginx' 'ENV SITE_LANG=ko' 'COPY index.html /usr/share/nginx/html/' 'EXPOSE 80' > Dockerfile
docker build -t hello-web:1.0 .
docker run -d --name hello-web -p 8085:80 hello-web:1.0
