/** @module The instructor's terminal mirror on a real HTTP server with the fake provider. */
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, describe, it } from 'node:test'
import type { RunningServer } from '../server.ts'
import { TerminalClient } from '../testing/terminal-client.ts'
import { serveTestApp } from '../testing/serve-test-app.ts'
import { bearer, createTestApp } from '../testing/test-app.ts'

const servers: RunningServer[] = []
after(async () => {
  await Promise.all(servers.map((server) => server.close('test over')))
})

async function classWithOneLearner() {
  const test = await createTestApp({ overrides: { instructors: { kim: 'kim-password', lee: 'lee-password' } } })
  const running = await serveTestApp(test)
  servers.push(running)
  const kim = bearer((await test.classroom.signIn('kim', 'kim-password')).token)
  const lee = bearer((await test.classroom.signIn('lee', 'lee-password')).token)
  const record = await test.classroom.createClass('kim', { name: '실습반', lessonIds: ['first-container'], capacity: 2, durationMinutes: 60 })
  const joined = await test.classroom.join(record.joinCode, '민수')
  // Through the served app: its ticket book is the one the mirror route redeems from.
  const ticketFor = async (auth: { Authorization: string }) =>
    fetch(`${running.url}/api/classes/${record.id}/members/${joined.member.id}/tickets`, { method: 'POST', headers: auth })
  const mirror = (ticket: string) =>
    new TerminalClient(running.url, joined.created.session.id, ticket, { path: `/api/classroom/mirror/${joined.member.id}` })
  return { test, kim, lee, joined, ticketFor, mirror, url: running.url }
}

describe('GET /api/classroom/mirror/:memberId', () => {
  it("shows the learner's shell read-only: keys typed into the mirror never reach it", async () => {
    const { test, kim, joined, ticketFor, mirror } = await classWithOneLearner()
    const issued = await ticketFor(kim)
    assert.equal(issued.status, 201)
    const { ticket } = (await issued.json()) as { ticket: string }
    const client = mirror(ticket)
    await client.waitFor('$ ')
    assert.equal(test.provider.sandboxes.get(joined.created.session.id)?.readOnlyTerminals, 1)
    client.send('rm -rf ~/workspace\r')
    await sleep(200)
    assert.doesNotMatch(client.output.toString(), /rm -rf/, 'the echo shell would have echoed any byte that reached it')
    client.close()
    assert.equal(await mirror(ticket).closeCode(), 4401, 'a ticket opens one mirror once')
  })

  it("gives tickets only to the class's instructor, and a mirror ticket opens no writable terminal", async () => {
    const { lee, kim, joined, ticketFor, url } = await classWithOneLearner()
    assert.equal((await ticketFor(lee)).status, 404)
    const { ticket } = (await (await ticketFor(kim)).json()) as { ticket: string }
    const learnerTerminal = new TerminalClient(url, joined.created.session.id, ticket)
    assert.equal(await learnerTerminal.closeCode(), 4401)
  })
})
