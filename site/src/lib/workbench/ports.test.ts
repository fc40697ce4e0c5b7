/** @module Tests for the preview tab's port list and when it is fetched again. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mayChangePorts, previewPorts } from './ports.ts'

describe('previewPorts', () => {
  it('keeps the TCP ports that have a preview path', () => {
    const body = {
      ports: [
        { containerId: 'c1', containerName: 'web', privatePort: 80, publicPort: 8080, protocol: 'tcp', previewPath: '/preview/s/8080/' },
        { containerId: 'c2', containerName: 'dns', privatePort: 53, publicPort: 5353, protocol: 'udp' },
      ],
    }
    assert.deepEqual(previewPorts(body), [{ publicPort: 8080, privatePort: 80, containerName: 'web', previewPath: '/preview/s/8080/' }])
  })

  it('answers an empty list for a malformed answer', () => {
    assert.deepEqual(previewPorts(undefined), [])
    assert.deepEqual(previewPorts({ ports: 'none' }), [])
    assert.deepEqual(previewPorts({ ports: [{ publicPort: '8080', previewPath: '/p/' }] }), [])
  })
})

describe('mayChangePorts', () => {
  it('is true for a snapshot and for containers starting or stopping', () => {
    assert.ok(mayChangePorts({ event: 'snapshot', data: {} }))
    for (const action of ['start', 'die', 'destroy', 'stop']) assert.ok(mayChangePorts({ event: 'container', data: { action } }), action)
  })

  it('is false for other container actions and for image events', () => {
    assert.ok(!mayChangePorts({ event: 'container', data: { action: 'exec_start: sh' } }))
    assert.ok(!mayChangePorts({ event: 'container', data: { action: 'create' } }))
    assert.ok(!mayChangePorts({ event: 'image', data: { action: 'pull' } }))
    assert.ok(!mayChangePorts({ event: 'end', data: {} }))
  })
})
