# pull, create and start through the engine's REST API only.
curl -s --unix-socket /var/run/docker.sock -X POST "http://localhost/images/create?fromImage=busybox&tag=latest"
curl -s --unix-socket /var/run/docker.sock -X POST -H "Content-Type: application/json" -d '{"Image": "busybox", "Cmd": ["echo", "hello from the API"]}' "http://localhost/containers/create?name=from-api"
curl -s --unix-socket /var/run/docker.sock -X POST http://localhost/containers/from-api/start
