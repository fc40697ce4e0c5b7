/** @module Tests for the container lifecycle: engine states and events onto the five stages. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applyEvent, reconcile, REMOVED_KEPT, stageOfState, type ContainerCard } from './lifecycle.ts'

const stages = (cards: ContainerCard[]) => cards.map((card) => `${card.name}:${card.stage}`)

describe('lifecycle', () => {
  it('maps every engine state onto a stage', () => {
    assert.deepEqual(
      ['created', 'running', 'restarting', 'paused', 'exited', 'dead', 'removing'].map(stageOfState),
      ['created', 'running', 'running', 'paused', 'exited', 'exited', 'removed'],
    )
  })

  it('moves a container through run, pause, unpause, stop and rm, remembering where it came from', () => {
    let cards: ContainerCard[] = []
    const moves: string[] = []
    for (const action of ['create', 'start', 'pause', 'unpause', 'kill', 'die', 'stop', 'destroy']) {
      const next = applyEvent(cards, { action, id: 'c1', name: 'web', image: 'nginx' })
      if (next !== cards) moves.push(`${next[0]!.from ?? '·'}→${next[0]!.stage}`)
      cards = next
    }
    assert.deepEqual(moves, ['·→created', 'created→running', 'running→paused', 'paused→running', 'running→exited', 'exited→removed'])
  })

  it('keeps only the most recent removed containers, and ignores one that came and went unseen', () => {
    let cards: ContainerCard[] = []
    for (let index = 0; index < REMOVED_KEPT + 2; index++) {
      cards = applyEvent(cards, { action: 'create', id: `c${index}`, name: `n${index}` })
      cards = applyEvent(cards, { action: 'destroy', id: `c${index}` })
    }
    assert.equal(cards.length, REMOVED_KEPT)
    assert.equal(cards.at(-1)?.name, `n${REMOVED_KEPT + 1}`)
    assert.equal(applyEvent(cards, { action: 'destroy', id: 'never-seen' }), cards)
  })

  it('reconciles with the engine: new ones added oldest first, stages corrected, vanished ones removed', () => {
    const cards = applyEvent(applyEvent([], { action: 'create', id: 'a', name: 'a' }), { action: 'create', id: 'gone', name: 'gone' })
    const next = reconcile(cards, [
      { id: 'new2', name: 'new2', image: 'nginx', state: 'running' },
      { id: 'new1', name: 'new1', image: 'nginx', state: 'exited' },
      { id: 'a', name: 'a', image: 'busybox', state: 'paused' },
    ])
    assert.deepEqual(stages(next), ['a:paused', 'gone:removed', 'new1:exited', 'new2:running'])
    assert.equal(next[0]!.from, 'created')
  })

  it("leaves a classic build's step containers off the picture", () => {
    const step = { action: 'create', id: 'b1', name: 'elegant_volhard', image: `sha256:${'a'.repeat(64)}` }
    assert.deepEqual(applyEvent([], step), [])
    assert.deepEqual(reconcile([], [{ id: 'b1', name: 'x', image: step.image, state: 'exited' }]), [])
    assert.equal(applyEvent([], { ...step, image: '90026f8a55db' }).length, 1, 'an image run by its short id is the learner\'s')
  })
})
