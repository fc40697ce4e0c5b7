/**
 * The 용어집 and 치트시트 pages in Chromium: reached from the home page and the sidebar, every
 * lesson link on them opens a lesson page, and axe (WCAG A/AA) finds nothing in either colour scheme.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { axeViolations, describeViolations } from '../support/axe.ts'
import { learnerPerSuite } from '../support/learner.ts'

const PAGES = [
  { name: '용어집', path: '/glossary/' },
  { name: '치트시트', path: '/cheatsheet/' },
]

describe('the glossary and the cheat sheet in the browser', () => {
  // The home page and these pages open no terminal, so the learner makes no session.
  const learner = learnerPerSuite()

  it('are linked from the home page and from the sidebar', async () => {
    const { page, server } = learner.current
    await page.goto(`${server.baseUrl}/`)
    for (const { name, path } of PAGES) {
      assert.equal(await page.getByRole('link', { name, exact: true }).first().getAttribute('href'), path)
    }
    await page.getByRole('link', { name: '용어집', exact: true }).first().click()
    await page.waitForURL(`${server.baseUrl}/glossary/`)
    assert.equal(await page.locator('h1').innerText(), '용어집')
    await page.locator('nav[aria-label] a[href="/cheatsheet/"]').first().click()
    await page.waitForURL(`${server.baseUrl}/cheatsheet/`)
    assert.equal(await page.locator('h1').innerText(), '치트시트')
  })

  it('link only to lesson pages that exist, and pass axe in both colour schemes', async () => {
    const { page, server } = learner.current
    for (const { name, path } of PAGES) {
      await page.goto(`${server.baseUrl}${path}`)
      const lessonLinks = [...new Set(await page.locator('main a[href^="/lessons/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')!)))]
      assert.ok(lessonLinks.length >= 10, `${name} links to the lessons (${lessonLinks.length})`)
      for (const href of lessonLinks) {
        const response = await fetch(`${server.baseUrl}${href}`)
        assert.equal(response.status, 200, `${name}: ${href}`)
      }
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme })
        const violations = await axeViolations(page)
        assert.equal(violations.length, 0, `${name} (${colorScheme}):\n${describeViolations(violations)}`)
      }
    }
  })
})
