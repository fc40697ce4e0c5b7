/**
 * @module The host's firewall rules for workstation networks. A Docker bridge network, `internal` or
 * not, lets its containers open connections to the host itself (the bridge's gateway address and every
 * other address of the host go through INPUT, not FORWARD): the course server's port, SSH, anything
 * listening. And with egress on, FORWARD lets them reach link-local addresses such as the cloud
 * metadata service (169.254.169.254). So, for every interface named `dcw…` (see
 * `workstation-network.ts`):
 * - INPUT: only replies to connections the host opened (the port preview) come in; the rest is rejected.
 * - FORWARD (hooked in DOCKER-USER): nothing goes to 169.254.0.0/16, nothing leaves an egress-off
 *   bridge (rejected at once, where the engine's own rule drops it silently), and no IPv6 at all.
 *   Another workstation's bridge is already out of reach: the engine drops traffic between two
 *   bridge networks. A rule of ours cannot say "to another dcw bridge" without also catching traffic
 *   within one bridge (workstation ⇄ registry), which br_netfilter passes through FORWARD too.
 *
 * The rules are written through the engine the server already drives, by `iptables` in a short-lived
 * container of the workstation image in the host's network namespace, so they work the same whether
 * the server runs on the host or in the compose deployment's container, as root or not. They are
 * static (they name an interface prefix, not sessions), so they are written once at start-up, stay in
 * place between runs, and a second server on the same engine rewrites the same rules.
 */
import { randomBytes } from 'node:crypto'
import type Dockerode from 'dockerode'
import { LABEL_ROLE, WORKSTATION_IMAGE } from '@docker-classroom/catalog'
import type { Logger } from '../../logger.ts'
import { ignoringStatus } from './engine-errors.ts'
import { BRIDGE_PREFIX_BY_EGRESS, WORKSTATION_BRIDGE_PREFIX } from './workstation-network.ts'

const INPUT_CHAIN = 'DOCKER-CLASSROOM-INPUT'
const FORWARD_CHAIN = 'DOCKER-CLASSROOM-FORWARD'
/** iptables' wildcard: every interface whose name starts with the prefix. */
const WORKSTATION_INTERFACES = `${WORKSTATION_BRIDGE_PREFIX}+`
const EGRESS_OFF_INTERFACES = `${BRIDGE_PREFIX_BY_EGRESS.off}+`
/** The link-local range: the metadata service of every major cloud lives at 169.254.169.254. */
const LINK_LOCAL_V4 = '169.254.0.0/16'

/** Whether the rules are in place; `unavailable` means workstations can reach the host. */
export type HostFirewallState = 'enforced' | 'unavailable'

interface Family {
  command: 'iptables' | 'ip6tables'
  reject: string
  /** What FORWARD rejects from a workstation, each a match followed by the reject. */
  forward: string[]
}

const FAMILIES: readonly Family[] = [
  {
    command: 'iptables',
    reject: '-j REJECT --reject-with icmp-admin-prohibited',
    // An egress-off bridge leads nowhere but itself (br_netfilter shows traffic within a bridge to
    // FORWARD too: workstation ⇄ registry must pass).
    forward: [`-i ${EGRESS_OFF_INTERFACES} ! -o ${EGRESS_OFF_INTERFACES}`, `-d ${LINK_LOCAL_V4}`],
  },
  {
    // Workstation networks have no IPv6 addresses, but the host's bridge has a link-local one that a
    // workstation can reach; nothing of theirs is ever routed over IPv6.
    command: 'ip6tables',
    reject: '-j REJECT --reject-with icmp6-adm-prohibited',
    forward: [''],
  },
]

/**
 * Both chains of one family in `iptables-restore` form. Restored with --noflush, the chains are
 * created or emptied and refilled in one transaction, so two servers starting together cannot
 * interleave their rules and there is no moment without them.
 */
function chainsRestoreText({ reject, forward }: Family): string {
  return [
    '*filter',
    `:${INPUT_CHAIN} - [0:0]`,
    `:${FORWARD_CHAIN} - [0:0]`,
    `-F ${INPUT_CHAIN}`,
    `-F ${FORWARD_CHAIN}`,
    // Replies to connections the host opened: the port preview's.
    `-A ${INPUT_CHAIN} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`,
    `-A ${INPUT_CHAIN} ${reject}`,
    ...forward.map((match) => `-A ${FORWARD_CHAIN} ${match} ${reject}`.replace(/ +/g, ' ')),
    'COMMIT',
    '',
  ].join('\n')
}

/**
 * The jump into our chain, first in its built-in chain; `-C` tells whether it is there already.
 * Forwarded traffic is caught in DOCKER-USER, which the engine keeps ahead of the per-network
 * ACCEPT rules it inserts at the top of FORWARD for every new network; FORWARD itself only where
 * the engine has no DOCKER-USER in this family.
 */
function jump(command: Family['command'], builtIn: string, target: string, action: '-C' | '-I'): string[] {
  const position = action === '-I' ? ['1'] : []
  return [command, '-w', action, builtIn, ...position, '-i', WORKSTATION_INTERFACES, '-j', target]
}

/**
 * Writes the rules (see the module comment). Never throws: a host where they cannot be written (an
 * engine refusing NET_ADMIN in the host network namespace, a kernel without netfilter) still runs
 * sandboxes, and the log says loudly that workstations can reach the host.
 */
export async function installHostFirewall(docker: Dockerode, logger: Logger): Promise<HostFirewallState> {
  let helper: Dockerode.Container | undefined
  try {
    helper = await startFirewallHelper(docker)
    for (const family of FAMILIES) {
      try {
        await writeFamily(helper, family)
      } catch (error) {
        // IPv4 is what workstations use; a host without IPv6 netfilter has no IPv6 path to close.
        if (family.command === 'iptables') throw error
        logger.info('network.firewall-ipv6-skipped', { error })
      }
    }
    logger.info('network.firewall-enforced', { interfaces: WORKSTATION_INTERFACES })
    return 'enforced'
  } catch (error) {
    logger.error('network.firewall-unavailable', {
      error,
      consequence: 'workstations can reach the host and, with egress on, link-local addresses',
    })
    return 'unavailable'
  } finally {
    if (helper) await removeFirewallHelper(helper)
  }
}

async function writeFamily(helper: Dockerode.Container, family: Family): Promise<void> {
  // A constant script; the rules come in through the environment.
  const restored = await execIn(helper, ['sh', '-c', 'printf "%s" "$RULES" | $COMMAND-restore -w --noflush'], [
    `RULES=${chainsRestoreText(family)}`,
    `COMMAND=${family.command}`,
  ])
  if (restored.exitCode !== 0) throw new Error(`${family.command}-restore failed (${restored.exitCode}): ${restored.output}`)
  const dockerUser = await execIn(helper, [family.command, '-w', '-L', 'DOCKER-USER', '-n'])
  const forwardHook = dockerUser.exitCode === 0 ? 'DOCKER-USER' : 'FORWARD'
  for (const [builtIn, target] of [['INPUT', INPUT_CHAIN], [forwardHook, FORWARD_CHAIN]] as const) {
    if ((await execIn(helper, jump(family.command, builtIn, target, '-C'))).exitCode === 0) continue
    const inserted = await execIn(helper, jump(family.command, builtIn, target, '-I'))
    if (inserted.exitCode !== 0) throw new Error(`inserting the ${builtIn} jump failed: ${inserted.output}`)
  }
}

/** A container in the host's network namespace that may change its firewall, idling until removed. */
async function startFirewallHelper(docker: Dockerode): Promise<Dockerode.Container> {
  const helper = await docker.createContainer({
    name: `docker-classroom-firewall-${randomBytes(4).toString('hex')}`,
    Image: WORKSTATION_IMAGE,
    Entrypoint: ['sleep', '120'],
    Cmd: [],
    Labels: { [LABEL_ROLE]: 'firewall-helper' },
    HostConfig: { NetworkMode: 'host', CapAdd: ['NET_ADMIN', 'NET_RAW'], AutoRemove: true },
  })
  try {
    await helper.start()
  } catch (error) {
    await removeFirewallHelper(helper)
    throw error
  }
  return helper
}

/** Removes the helper with the anonymous volume the workstation image's VOLUME gave it. */
async function removeFirewallHelper(helper: Dockerode.Container): Promise<void> {
  await ignoringStatus([404, 409], () => helper.remove({ force: true, v: true }))
}

async function execIn(container: Dockerode.Container, argv: string[], env: string[] = []): Promise<{ exitCode: number; output: string }> {
  const exec = await container.exec({ Cmd: argv, Env: env, AttachStdout: true, AttachStderr: true })
  const stream = await exec.start({})
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve)
    stream.on('error', reject)
  })
  const { ExitCode } = await exec.inspect()
  // The multiplexed stream's 8-byte frame headers are left in; this text only goes to an error message.
  return { exitCode: ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8').replace(/[\x00-\x08]/g, '') }
}
