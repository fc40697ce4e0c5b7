// Builds the site into dist/: the tips go into the page, app.js is minified with terser.
// terser is not in package.json: the node image already has it (Debian's node-terser).
const fs = require('node:fs')
const path = require('node:path')
const { minify } = require('terser')

async function build() {
  const source = path.join(__dirname, 'src')
  const output = path.join(__dirname, 'dist')
  fs.mkdirSync(output, { recursive: true })

  const tips = JSON.parse(fs.readFileSync(path.join(source, 'tips.json'), 'utf8'))
  const items = tips.map((tip) => `    <li>${tip}</li>`).join('\n')
  const note = `빌드 단계에서 만든 페이지 (${new Date().toISOString()})`
  const page = fs
    .readFileSync(path.join(source, 'index.html'), 'utf8')
    .replace('{{TIPS}}', items)
    .replace('{{BUILD_NOTE}}', note)
  fs.writeFileSync(path.join(output, 'index.html'), page)

  const script = await minify(fs.readFileSync(path.join(source, 'app.js'), 'utf8'))
  fs.writeFileSync(path.join(output, 'app.min.js'), script.code)
  console.log(`dist/ 에 index.html 과 app.min.js 를 만들었습니다 (팁 ${tips.length}개)`)
}

build().catch((error) => {
  console.error(error)
  process.exit(1)
})
