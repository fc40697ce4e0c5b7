# One RUN creates, uses and removes the release file, so no layer keeps it.
cd ~/workspace/build-cache/tidy
printf '%s\n' 'FROM busybox' 'RUN dd if=/dev/urandom of=/tmp/release.bin bs=1M count=30 && mkdir -p /opt/tool && head -c 32 /tmp/release.bin | od -An -tx1 > /opt/tool/license.key && rm /tmp/release.bin' 'CMD ["cat", "/opt/tool/license.key"]' > Dockerfile
docker build -t tidy:1 .
