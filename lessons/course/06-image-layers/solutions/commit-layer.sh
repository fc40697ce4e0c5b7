# Change one file in a debian container, then freeze that change as a new image layer.
docker run -d --name layer-lab debian:bookworm sleep infinity
docker exec layer-lab sh -c 'echo 레이어 실습 > /hello.txt'
docker commit -m "hello.txt 추가" layer-lab my-debian:layer
