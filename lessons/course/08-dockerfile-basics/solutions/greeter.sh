# ENTRYPOINT fixes the program and its greeting, CMD gives the default name that docker run's argument replaces.
mkdir -p ~/workspace/greeter && cd ~/workspace/greeter
printf '%s\n' 'FROM busybox' 'ENTRYPOINT ["echo", "안녕하세요,"]' 'CMD ["여러분"]' > Dockerfile
docker build -t greeter .
docker run --name greet-test greeter 도커
