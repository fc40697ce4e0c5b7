# Run busybox as "whoami" with the hostname "classroom"; it prints its hostname and exits (kept, no --rm).
docker run --name whoami --hostname classroom busybox hostname
