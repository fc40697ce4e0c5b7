/** @module The in-memory sandbox provider for unit tests. */
export { FakeProvider, type FakeContainer, type FakeProviderOptions, type FakeSandbox } from './fake-provider.ts'
