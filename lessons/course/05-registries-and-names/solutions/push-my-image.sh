# Name nginx for the learner's "Docker Hub" account, log in with the workstation's password, push.
docker pull nginx
docker tag nginx learner/my-web:0.1
docker login -u learner --password-stdin < ~/registry-password.txt
docker push learner/my-web:0.1
