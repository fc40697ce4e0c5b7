// A small static file server for dist/, so the single-stage image can serve the site with node alone.
const http = require('node:http')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, 'dist')
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' }

http
  .createServer((request, response) => {
    const name = request.url === '/' ? 'index.html' : path.basename(request.url)
    fs.readFile(path.join(root, name), (error, body) => {
      if (error) {
        response.writeHead(404).end('없는 파일입니다\n')
        return
      }
      response.writeHead(200, { 'Content-Type': types[path.extname(name)] ?? 'application/octet-stream' })
      response.end(body)
    })
  })
  .listen(8080, () => console.log('사이트가 8080 포트에서 기다립니다'))
