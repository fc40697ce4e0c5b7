/**
 * @module `npm run dev`: the course for lesson authors, with edits shown live. Bootstraps like
 * `npm start` (without building the site), then runs the sandbox server — restarted by Node when a
 * lesson's checks or files change; sessions survive, the server adopts them again — and Astro's dev
 * server, which re-renders a lesson page as its MDX is saved. Both stop together.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { bootstrap } from './lib/bootstrap.mjs'
import { REPO_ROOT } from './lib/node-runtime.mjs'
import { exitOnError, say } from './lib/progress.mjs'

const SERVER_PORT = process.env.PORT ?? '3000'
const SITE_PORT = process.env.DEV_SITE_PORT ?? '4321'

try {
  await bootstrap({ buildSite: false })
  const pack = process.env.LESSONS_DIR ? path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.LESSONS_DIR) : undefined
  const siteOrigins = [`http://localhost:${SITE_PORT}`, `http://127.0.0.1:${SITE_PORT}`]
  const env = {
    ...process.env,
    PORT: SERVER_PORT,
    ...(pack ? { LESSONS_DIR: pack } : {}),
    // The browser's terminal comes through Astro's proxy, so it carries the dev site's origin.
    ALLOWED_ORIGINS: [...siteOrigins, `http://localhost:${SERVER_PORT}`, `http://127.0.0.1:${SERVER_PORT}`].join(','),
    SANDBOX_SERVER_URL: `http://localhost:${SERVER_PORT}`,
  }
  const astroCli = path.join(path.dirname(createRequire(path.join(REPO_ROOT, 'site', 'package.json')).resolve('astro/package.json')), 'bin', 'astro.mjs')
  const watched = [path.join(REPO_ROOT, 'lessons', 'course'), ...(pack ? [pack] : [])]
  const children = [
    spawn(process.execPath, [...watched.map((dir) => `--watch-path=${dir}`), 'sandbox-server/src/main.ts'], {
      cwd: REPO_ROOT,
      env,
      stdio: 'inherit',
    }),
    spawn(process.execPath, [astroCli, 'dev', '--port', SITE_PORT], {
      cwd: path.join(REPO_ROOT, 'site'),
      env,
      stdio: 'inherit',
    }),
  ]
  say(`▶ 편집 모드 / dev mode → http://localhost:${SITE_PORT}/  (lessons: ${watched.join(', ')})`)
  const stopAll = (signal) => children.forEach((child) => child.kill(signal))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal))
  const code = await Promise.race(children.map((child) => new Promise((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)))))
  stopAll('SIGTERM')
  process.exit(code)
} catch (error) {
  exitOnError(error)
}
