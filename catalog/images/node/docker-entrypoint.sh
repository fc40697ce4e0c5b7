#!/bin/sh
# Entrypoint of the node image, as in the official one: `docker run node app.js` or
# `docker run node --version` runs node with those arguments; a command runs as given.
set -e

# The braces cover a file argument that exists but is not executable (app.js in the WORKDIR).
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
  set -- node "$@"
fi

exec "$@"
