# Push as in the previous exercise, remove the local name, pull it back from the registry, log out.
docker pull nginx
docker tag nginx learner/my-web:0.1
docker login -u learner --password-stdin < ~/registry-password.txt
docker push learner/my-web:0.1
docker rmi learner/my-web:0.1
docker pull learner/my-web:0.1
docker logout
