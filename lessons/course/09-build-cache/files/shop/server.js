const http = require('node:http')
const formatWon = require('won-format')

const GREETING = '오늘의 추천 상품'
const products = [
  { name: '도커 머그컵', price: 12000 },
  { name: '고래 스티커', price: 3500 },
  { name: '컨테이너 모형', price: 48000 },
]

const server = http.createServer((request, response) => {
  const lines = products.map((product) => `- ${product.name}: ${formatWon(product.price)}`)
  response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
  response.end(`${GREETING}\n${lines.join('\n')}\n`)
})

server.listen(3000, () => console.log('가게 서버가 3000 포트에서 기다립니다'))
