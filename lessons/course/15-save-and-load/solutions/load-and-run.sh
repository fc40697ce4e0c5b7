# Save the image, remove it as if on another machine, load it back from the file and serve it.
cd ~/workspace/save-and-load/card
docker build -t greeting-card:1.0 .
docker save -o ~/workspace/save-and-load/greeting-card.tar greeting-card:1.0
docker rmi greeting-card:1.0
docker load -i ~/workspace/save-and-load/greeting-card.tar
docker run -d --name card -p 8091:80 greeting-card:1.0
