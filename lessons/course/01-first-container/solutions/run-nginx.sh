# Start nginx in the background as "web", publishing workstation port 8080 to the container's 80.
docker run -d --name web -p 8080:80 nginx
