/**
 * @module The server's settings: one zod-validated object, read once from the environment at
 * start-up. Every duration and size carries its unit in its name; every setting has a documented
 * default so `npm start` works with no configuration.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/** Root of the repository this server ships in. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

const GIB = 1024 ** 3
const MINUTE_MS = 60_000

/** How learners' engines are allowed to nest inside their workstation; see `sandbox/docker/isolation.ts`. */
export const IsolationModeSchema = () => z.enum(['sysbox', 'privileged', 'capabilities'])
export type IsolationMode = z.output<ReturnType<typeof IsolationModeSchema>>

/** How a workstation's disk use is bounded; see `sandbox/docker/disk-quota.ts`. */
export const DiskQuotaModeSchema = () => z.enum(['loop', 'watch'])
export type DiskQuotaMode = z.output<ReturnType<typeof DiskQuotaModeSchema>>

const positiveInt = () => z.coerce.number().int().positive()

export const SettingsSchema = () =>
  z.strictObject({
    /** TCP port of the site, the API and the terminal WebSocket. Default 3000. */
    port: z.coerce.number().int().min(0).max(65_535).default(3000),
    /** Interface to listen on. Default 127.0.0.1: every workstation is root-equivalent on the host. */
    host: z.string().min(1).default('127.0.0.1'),
    /** Lifetime of a session from its creation. Default 2 h. */
    sessionTtlMs: positiveInt().default(120 * MINUTE_MS),
    /** How long a new workstation may take until its inner engine answers `/_ping`. Default 30 s. */
    readyTimeoutMs: positiveInt().default(30_000),
    /** Longest run of one program a check executes inside a workstation. Default 10 s. */
    execTimeoutMs: positiveInt().default(10_000),
    /** How often expired sessions are reaped. Default 1 min. */
    reapIntervalMs: positiveInt().default(MINUTE_MS),
    /** Most sessions alive at once; more are refused with 503. Default 20. */
    maxSessions: positiveInt().default(20),
    /** Largest request body accepted. Default 16 KiB. */
    bodyLimitBytes: positiveInt().default(16 * 1024),
    /** Terminal output buffered for a slow WebSocket before the shell is paused. Default 1 MiB. */
    terminalHighWaterBytes: positiveInt().default(1024 * 1024),
    /** The built static site (Astro's `dist`). Default `<repo>/site/dist`. */
    siteDir: z.string().min(1).default(path.join(REPO_ROOT, 'site', 'dist')).transform((dir) => path.resolve(dir)),
    /**
     * Parent of the per-session directories holding each inner engine's socket. Default
     * `<repo>/.data/sessions`. It also names the deployment: a server sweeps only orphans of its own
     * socket root, so two servers on one engine need two roots.
     */
    socketRoot: z
      .string()
      .min(1)
      .default(path.join(REPO_ROOT, '.data', 'sessions'))
      .transform((dir) => path.resolve(dir)),
    /** The host engine's socket. Default /var/run/docker.sock. */
    dockerSocket: z.string().min(1).default('/var/run/docker.sock'),
    /** Memory limit of one workstation (its inner containers included). Default 2 GiB. */
    memoryBytes: positiveInt().default(2 * GIB),
    /** Process limit of one workstation; stops fork bombs. Default 2048. */
    pidsLimit: positiveInt().default(2048),
    /** CPU limit of one workstation in billionths of a core. Default 1.5 cores. */
    nanoCpus: positiveInt().default(1_500_000_000),
    /** `max-size` of the workstation's json-file log. Default 10m. */
    logMaxSize: z.string().regex(/^\d+[kmg]$/, 'use a size such as "10m"').default('10m'),
    /** Forces an isolation mode instead of detecting it (`ISOLATION=privileged|capabilities|sysbox`). */
    isolation: IsolationModeSchema().optional(),
    /** A session with no terminal input and no running inner container for this long is destroyed. Default 30 min. */
    idleTimeoutMs: positiveInt().default(30 * MINUTE_MS),
    /**
     * A lesson pack outside the repository (an instructor's own lessons), served after the built-in
     * course: a folder of lesson folders in the built-in course's format.
     */
    lessonsDir: z.string().min(1).transform((dir) => path.resolve(dir)).optional(),
    /**
     * Instructor accounts the operator sets, `name:password,name2:password2` (passwords of 8+
     * characters). Without any, the first instructor signs up on the site (`/teach/`).
     */
    instructors: z
      .string()
      .transform((list, ctx) => {
        const accounts: Record<string, string> = {}
        for (const entry of list.split(',').map((part) => part.trim()).filter(Boolean)) {
          const separator = entry.indexOf(':')
          const name = entry.slice(0, separator).trim()
          const password = entry.slice(separator + 1)
          if (separator <= 0 || password.length < 8) {
            ctx.addIssue({ code: 'custom', message: 'use name:password pairs, comma-separated, with passwords of 8 or more characters' })
            return z.NEVER
          }
          accounts[name] = password
        }
        return accounts
      })
      .default({}),
    /** Folder of the server's own files. Default `<repo>/.data`. */
    dataDir: z.string().min(1).default(path.join(REPO_ROOT, '.data')).transform((dir) => path.resolve(dir)),
    /**
     * The session database (SQLite). Default `<dataDir>/sessions.sqlite`. Like the socket root it
     * belongs to one deployment: a server adopts every workstation its database records.
     */
    databasePath: z.string().min(1).optional(),
    /**
     * A PostgreSQL database for sessions, learner progress and classes instead of the SQLite file
     * (`postgres://user:password@host:5432/database`), migrated at start-up; DATABASE_PATH is then
     * unused. Like that file it belongs to one deployment (one engine, one socket root). Unset by default.
     */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'use a PostgreSQL URL such as postgres://user:password@host:5432/database')
      .optional(),
    /**
     * Destroy every session when the server stops. Default false: live workstations keep running and
     * the next start adopts them, so a restart costs learners nothing. Test harnesses set it.
     */
    cleanupOnShutdown: z.stringbool().default(false),
    /** Workstations kept started for new sessions to take; they count against `maxSessions`. Default 2. */
    poolSize: z.coerce.number().int().min(0).default(2),
    /**
     * Whether workstations reach the internet (`on`) or only the catalog's registry (`off`). Either
     * way they never reach the host, each other or link-local addresses. Default off.
     */
    sandboxEgress: z.enum(['off', 'on']).default('off'),
    /**
     * IPv4 range the per-workstation networks are carved from, one /29 each. Default
     * 10.213.0.0/16 (8192 networks); pick a range no network of the host uses.
     */
    sandboxSubnetPool: z
      .string()
      .regex(/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-9])$/, 'an IPv4 range such as 10.213.0.0/16, /16 to /29')
      .default('10.213.0.0/16'),
    /** How long a terminal ticket stays valid after it is issued. Default 30 s. */
    ticketTtlMs: positiveInt().default(30_000),
    /** The address learners use when the server sits behind a proxy, e.g. `https://class.example`; its origin is allowed. */
    publicUrl: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Origins allowed to open a terminal, comma-separated, matched exactly. Default: the server's own
     * `http://localhost:<port>` and `http://127.0.0.1:<port>`, plus `publicUrl`'s origin.
     */
    allowedOrigins: z
      .string()
      .transform((list) => list.split(',').map((origin) => origin.trim()).filter(Boolean))
      .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((origin) => new URL(origin).origin)).min(1))
      .optional(),
    /** Sessions one client (IP address) may create per minute, on average. Default 5. */
    sessionCreatesPerMinute: positiveInt().default(5),
    /** Sessions one client may create in a quick burst before the rate applies. Default 3. */
    sessionCreateBurst: positiveInt().default(3),
    /** Sessions one client (keyed like the rate limit) may hold at once; more are refused with 429. Default 3. */
    maxSessionsPerClient: positiveInt().default(3),
    /**
     * Disk one workstation may fill: its inner engine's storage plus its own files. Default 10 GiB.
     * Sandboxes' disks are sparse: the sum of quotas may exceed the host's free space.
     */
    diskQuotaBytes: positiveInt().default(10 * GIB),
    /** Forces how the quota is enforced instead of detecting it (`DISK_QUOTA_MODE=loop|watch`). */
    diskQuotaMode: DiskQuotaModeSchema().optional(),
    /** How often every workstation's disk use is measured against the quota. Default 15 s. */
    diskWatchIntervalMs: positiveInt().default(15_000),
  })

export type Settings = z.output<ReturnType<typeof SettingsSchema>>

/** Where the session database is: `databasePath`, else `sessions.sqlite` in `dataDir`. */
export function sessionDatabasePath({ databasePath, dataDir }: Pick<Settings, 'databasePath' | 'dataDir'>): string {
  return databasePath === undefined ? path.join(dataDir, 'sessions.sqlite') : path.resolve(databasePath)
}

/** Environment variable of each setting. */
const ENV_NAMES: Readonly<Record<keyof Settings, string>> = {
  port: 'PORT',
  host: 'HOST',
  sessionTtlMs: 'SESSION_TTL_MS',
  readyTimeoutMs: 'READY_TIMEOUT_MS',
  execTimeoutMs: 'EXEC_TIMEOUT_MS',
  reapIntervalMs: 'REAP_INTERVAL_MS',
  maxSessions: 'MAX_SESSIONS',
  bodyLimitBytes: 'BODY_LIMIT_BYTES',
  terminalHighWaterBytes: 'TERMINAL_HIGH_WATER_BYTES',
  siteDir: 'SITE_DIR',
  socketRoot: 'SOCKET_ROOT',
  dockerSocket: 'DOCKER_SOCKET',
  memoryBytes: 'MEMORY_BYTES',
  pidsLimit: 'PIDS_LIMIT',
  nanoCpus: 'NANO_CPUS',
  logMaxSize: 'LOG_MAX_SIZE',
  isolation: 'ISOLATION',
  idleTimeoutMs: 'IDLE_TIMEOUT_MS',
  lessonsDir: 'LESSONS_DIR',
  instructors: 'INSTRUCTORS',
  dataDir: 'DATA_DIR',
  databasePath: 'DATABASE_PATH',
  databaseUrl: 'DATABASE_URL',
  cleanupOnShutdown: 'CLEANUP_ON_SHUTDOWN',
  poolSize: 'POOL_SIZE',
  sandboxEgress: 'SANDBOX_EGRESS',
  sandboxSubnetPool: 'SANDBOX_SUBNET_POOL',
  ticketTtlMs: 'TICKET_TTL_MS',
  publicUrl: 'PUBLIC_URL',
  allowedOrigins: 'ALLOWED_ORIGINS',
  sessionCreatesPerMinute: 'SESSION_CREATES_PER_MINUTE',
  sessionCreateBurst: 'SESSION_CREATE_BURST',
  maxSessionsPerClient: 'MAX_SESSIONS_PER_CLIENT',
  diskQuotaBytes: 'SANDBOX_DISK_QUOTA_BYTES',
  diskQuotaMode: 'DISK_QUOTA_MODE',
  diskWatchIntervalMs: 'DISK_WATCH_INTERVAL_MS',
}

/**
 * Reads and validates the settings; throws one error naming every bad variable.
 * @param env the environment to read, `process.env` by default
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const input: Record<string, string> = {}
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name]
    if (value !== undefined && value !== '') input[key] = value
  }
  const parsed = SettingsSchema().safeParse(input)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0]) as keyof Settings
    return `${ENV_NAMES[key] ?? key}: ${issue.message}`
  })
  throw new Error(`Invalid sandbox-server settings:\n- ${problems.join('\n- ')}`)
}
