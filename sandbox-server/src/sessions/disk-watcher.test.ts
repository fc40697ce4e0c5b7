/** @module The disk watcher on the fake provider: notices, terminal messages, stopping and metrics. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ExecResult } from '../sandbox/provider.ts'
import { bearer, createTestApp } from '../testing/test-app.ts'

const GiB = 1024 ** 3

async function watchedSession() {
  const test = await createTestApp()
  const { id, token } = await test.createSession()
  const sandbox = test.provider.sandboxes.get(id)
  assert.ok(sandbox)
  const told: string[] = []
  sandbox.exec = (argv): ExecResult => {
    told.push(argv.at(-1) ?? '')
    return { exitCode: 0, stdout: '', stderr: '' }
  }
  const info = async () => (await test.app.request(`/api/sessions/${id}`, { headers: bearer(token) })).json() as Promise<{
    state: string
    notice?: { code: string; message: string }
  }>
  const metric = async (series: string) => {
    const text = await (await test.app.request('/metrics')).text()
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
    return line === undefined ? undefined : Number(line.slice(series.length + 1))
  }
  return { ...test, id, token, sandbox, told, info, metric }
}

describe('Disk watcher', () => {
  it('Should tell the learner once when the hard-limited disk is full, and forget it once space is freed', async () => {
    const { diskWatcher, sandbox, told, info, metric } = await watchedSession()
    await diskWatcher.check()
    assert.equal((await info()).notice, undefined)
    assert.deepEqual(told, [])

    sandbox.disk = { usedBytes: 10 * GiB - 1, quotaBytes: 10 * GiB, full: true }
    await diskWatcher.check()
    await diskWatcher.check()
    const full = await info()
    assert.equal(full.state, 'running', 'writes are refused; the session goes on')
    assert.equal(full.notice?.code, 'disk_quota_reached')
    assert.match(full.notice?.message ?? '', /디스크/)
    assert.equal(told.length, 1, 'the terminal is told once, not at every measurement')
    assert.equal(told[0], full.notice?.message)
    assert.equal(await metric('classroom_disk_quota_hits_total{action="refused"}'), 1)

    sandbox.disk = { usedBytes: GiB, quotaBytes: 10 * GiB, full: false }
    await diskWatcher.check()
    assert.equal((await info()).notice, undefined)
  })

  it('Should stop a session over its quota, remove its sandbox and say why', async () => {
    const { app, diskWatcher, provider, id, token, sandbox, told, info, metric } = await watchedSession()
    sandbox.disk = { usedBytes: 10 * GiB + 1, quotaBytes: 10 * GiB, full: false }
    await diskWatcher.check()
    assert.deepEqual(provider.destroyed, [id])
    const stopped = await info()
    assert.equal(stopped.state, 'stopped')
    assert.equal(stopped.notice?.code, 'disk_quota_exceeded')
    assert.match(stopped.notice?.message ?? '', /중지/)
    assert.deepEqual(told, [stopped.notice?.message])
    assert.equal(await metric('classroom_disk_quota_hits_total{action="stopped"}'), 1)

    await diskWatcher.check()
    assert.deepEqual(provider.destroyed, [id], 'a stopped session is not measured again')
    assert.equal((await info()).notice?.code, 'disk_quota_exceeded')

    await app.request(`/api/sessions/${id}`, { method: 'DELETE', headers: bearer(token) })
    await diskWatcher.check()
    assert.equal(diskWatcher.noticeFor(id), undefined, 'a deleted session\'s notice is forgotten')
  })

  it('Should measure the other sessions when one sandbox cannot be measured', async () => {
    const { diskWatcher, provider, id, createSession, info } = await watchedSession()
    const other = await createSession()
    provider.sandboxes.delete(id)
    const otherSandbox = provider.sandboxes.get(other.id)
    assert.ok(otherSandbox)
    otherSandbox.disk = { usedBytes: 10 * GiB, quotaBytes: 10 * GiB, full: true }
    await diskWatcher.check()
    assert.equal((await info()).notice, undefined)
    assert.equal(diskWatcher.noticeFor(other.id)?.code, 'disk_quota_reached')
  })
})
