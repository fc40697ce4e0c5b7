# Fetch nginx, then give the same image a second name.
docker pull nginx
docker tag nginx myorg/web:1.0
