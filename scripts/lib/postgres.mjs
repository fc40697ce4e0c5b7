/**
 * @module A PostgreSQL for the tests, so `npm test` runs the store and classroom tests on PostgreSQL
 * as well as SQLite: Debian's `postgresql`, a cluster of the tests' own (no TCP port at all — only
 * its Unix socket — and no durability, which tests do not need), and a database owned by a role named
 * after the user running the tests, who signs in by peer authentication, so no password exists.
 * Without root (nothing can be installed or started) the PostgreSQL tests are skipped, unless
 * TEST_DATABASE_URL names a database to use.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import path from 'node:path'
import { ensureAptPackages } from './host.mjs'
import { run } from './run.mjs'

const CLUSTER = 'docker-classroom-test'
const DATABASE = 'docker_classroom_test'
const SOCKET_DIR = '/var/run/postgresql'
/** The cluster answers on its Unix socket only, and skips the disk flushes a crash would need. */
const TEST_CLUSTER_SETTINGS = `listen_addresses = ''
fsync = off
synchronous_commit = off
full_page_writes = off
`

/** Runs SQL in the cluster as its superuser (`postgres`, by peer authentication); answers the rows as text. */
function psqlAsSuperuser(port, sql) {
  return run('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-p', String(port), '-d', 'postgres', '-c', sql])
}

/** The newest PostgreSQL major version installed (`/usr/lib/postgresql/<version>`). */
function installedVersion() {
  const versions = readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name))
  return versions.sort((a, b) => Number(b) - Number(a))[0]
}

/** The test cluster's port; created on first use. */
async function ensureCluster(version) {
  const configDir = `/etc/postgresql/${version}/${CLUSTER}`
  if (!existsSync(configDir)) {
    await run('pg_createcluster', [version, CLUSTER])
    writeFileSync(path.join(configDir, 'conf.d', 'docker-classroom-test.conf'), TEST_CLUSTER_SETTINGS)
  }
  const status = await run('pg_lsclusters', ['--no-header', version, CLUSTER])
  // "15 docker-classroom-test 5433 down postgres /var/lib/... /var/log/..."
  const [, , port, state] = status.trim().split(/\s+/)
  if (state !== 'online') await run('pg_ctlcluster', [version, CLUSTER, 'start'])
  return Number(port)
}

/**
 * Makes a PostgreSQL database for the tests and answers its URL (also set as TEST_DATABASE_URL for
 * the test processes), or why the PostgreSQL tests are skipped.
 */
export async function ensureTestPostgres() {
  if (process.env.TEST_DATABASE_URL) return 'TEST_DATABASE_URL is set; using that database'
  if (process.getuid?.() !== 0) {
    return 'skipped: only root can install and start PostgreSQL here; set TEST_DATABASE_URL to test on one'
  }
  await ensureAptPackages(['postgresql'], 'the PostgreSQL store tests')
  const version = installedVersion()
  const port = await ensureCluster(version)
  const role = userInfo().username
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) return `skipped: the user name "${role}" is not a plain PostgreSQL role name`
  if ((await psqlAsSuperuser(port, `SELECT 1 FROM pg_roles WHERE rolname = '${role}'`)).trim() !== '1') {
    await psqlAsSuperuser(port, `CREATE ROLE "${role}" LOGIN`)
  }
  if ((await psqlAsSuperuser(port, `SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'`)).trim() !== '1') {
    // UTF-8 whatever the machine's locale (a bare one gives SQL_ASCII), and ordered by ICU's
    // language-aware rules where PostgreSQL has them (15+), like most production databases, so a
    // store that relied on byte order without saying so fails here.
    const collation = Number(version) >= 15 ? ` LOCALE_PROVIDER icu ICU_LOCALE 'und'` : ''
    await psqlAsSuperuser(port, `CREATE DATABASE ${DATABASE} OWNER "${role}" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'${collation}`)
  }
  const url = `postgresql://${role}@/${DATABASE}?host=${SOCKET_DIR}&port=${port}`
  process.env.TEST_DATABASE_URL = url
  return `cluster ${version}/${CLUSTER} on its socket; TEST_DATABASE_URL=${url}`
}
