# Keep a busybox running in the background, then freeze it.
docker run -d --name napper busybox sleep 3600
docker pause napper
