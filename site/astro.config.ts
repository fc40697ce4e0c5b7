/**
 * @module Astro configuration of the course site: Starlight (Korean, one locale) for the shell,
 * MDX for lessons, islands written against React's API but run on Preact (`compat`: about 10 KB
 * instead of React's 69 KB, which keeps a lesson page within its JavaScript budget, see
 * docs/benchmarks.md), and a dev proxy to the sandbox server so `astro dev` talks to a running
 * server on port 3000 the way the built site talks to its own origin.
 */
import mdx from '@astrojs/mdx'
import preact from '@astrojs/preact'
import starlight from '@astrojs/starlight'
import { defineConfig } from 'astro/config'
import { pluginRunnableCode } from './src/code-blocks/runnable-code.ts'
import { t } from './src/i18n/t.ts'
import { monacoCssAtRuntime } from './src/lib/editor/monaco-css-at-runtime.ts'

const SANDBOX_SERVER = process.env.SANDBOX_SERVER_URL ?? 'http://localhost:3000'

export default defineConfig({
  integrations: [
    starlight({
      title: t('site.title'),
      description: t('site.description'),
      defaultLocale: 'root',
      locales: { root: { label: '한국어', lang: 'ko' } },
      customCss: ['./src/styles/global.css'],
      expressiveCode: {
        // Copy comes from our own button, and only on runnable blocks.
        frames: { showCopyToClipboardButton: false },
        plugins: [
          pluginRunnableCode({
            run: t('code.run'),
            runAria: t('code.runAria'),
            copy: t('code.copy'),
            copyAria: t('code.copyAria'),
          }),
        ],
      },
    }),
    mdx(),
    preact({ compat: true }),
  ],
  vite: {
    plugins: [monacoCssAtRuntime()],
    server: {
      proxy: {
        '/api': { target: SANDBOX_SERVER, ws: true, changeOrigin: true },
        '/healthz': { target: SANDBOX_SERVER, changeOrigin: true },
      },
    },
  },
})
