# Build the card image and save it, name and all, into one tar file.
cd ~/workspace/save-and-load/card
docker build -t greeting-card:1.0 .
docker save -o ~/workspace/save-and-load/greeting-card.tar greeting-card:1.0
