import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newSessionId } from '../../sessions/credentials.ts'
import { BRIDGE_PREFIX_BY_EGRESS, subnetsOf, workstationBridgeName, WORKSTATION_BRIDGE_PREFIX } from './workstation-network.ts'

describe('subnetsOf', () => {
  it('Should cut a /16 into 8192 consecutive /29s', () => {
    const subnets = subnetsOf('10.213.0.0/16')
    assert.equal(subnets.length, 8192)
    assert.deepEqual(subnets.slice(0, 3), ['10.213.0.0/29', '10.213.0.8/29', '10.213.0.16/29'])
    assert.equal(subnets.at(-1), '10.213.255.248/29')
  })

  it('Should start at the range, not at an address inside it', () => {
    assert.deepEqual(subnetsOf('192.168.7.77/28'), ['192.168.7.64/29', '192.168.7.72/29'])
  })

  it('Should refuse what is not an IPv4 range of /29 or wider', () => {
    for (const pool of ['10.213.0.0/30', '10.213.0/16', '300.1.1.1/16', 'fd00::/64']) {
      assert.throws(() => subnetsOf(pool), /not an IPv4 range/, pool)
    }
  })
})

describe('workstationBridgeName', () => {
  it('Should fit Linux interface names and carry the firewall prefix of its egress', () => {
    const sessionId = newSessionId()
    for (const egress of ['off', 'on'] as const) {
      const name = workstationBridgeName(sessionId, egress)
      assert.equal(name.length, 15)
      assert.ok(name.startsWith(BRIDGE_PREFIX_BY_EGRESS[egress]) && name.startsWith(WORKSTATION_BRIDGE_PREFIX), name)
    }
    assert.notEqual(workstationBridgeName(sessionId, 'off'), workstationBridgeName(sessionId, 'on'))
  })
})
