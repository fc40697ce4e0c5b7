/** @module The fake provider keeps the provider contract. */
import { describe } from 'node:test'
import { runProviderContract } from '../provider-contract.ts'
import { FakeProvider } from './index.ts'

describe('FakeProvider', () => {
  runProviderContract({ newProvider: () => new FakeProvider() })
})
