# The course server as an image, for docker-compose.yml. It drives the host's engine through the
# mounted socket: the catalog's images, the registry and every learner's workstation run there.
# The base is the catalog's own Debian image after one `npm start`, or Docker Hub's where there is
# internet.
FROM debian:bookworm
COPY deploy/ca-certificates/ /usr/local/share/ca-certificates/
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates nodejs npm debootstrap busybox-static \
 && update-ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
WORKDIR /opt/docker-classroom
COPY package.json package-lock.json ./
COPY lessons/package.json lessons/
COPY catalog/package.json catalog/
COPY sandbox-server/package.json sandbox-server/
COPY site/package.json site/
COPY e2e/package.json e2e/
COPY scripts scripts
# Node 24 and the npm dependencies first, so a change to the course does not redo them.
RUN node scripts/prepare.mjs --dependencies-only
COPY . .
RUN node scripts/prepare.mjs
ENV HOST=0.0.0.0 PORT=3000 SOCKET_ROOT=/var/lib/docker-classroom/sessions
EXPOSE 3000
CMD ["node", "scripts/start.mjs"]
