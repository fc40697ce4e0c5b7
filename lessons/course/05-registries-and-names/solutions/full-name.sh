# Pull debian by its "12" tag and add a name that starts with a registry address.
docker pull debian:12
docker tag debian:12 registry.example.com/team/base:12
