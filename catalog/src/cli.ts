/**
 * @module cli
 * `node catalog/src/cli.ts [--force] [--verbose]`: makes the image catalog current, printing
 * each step with the seconds elapsed, then a table of the images.
 */
import Dockerode from 'dockerode'
import { parseArgs } from 'node:util'
import { ensureCatalog, type CatalogReport } from './index.ts'

const { values } = parseArgs({
  options: {
    force: { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
  },
})

const started = performance.now()
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s`
let lastStep = ''

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${(bytes / 1024).toFixed(0)} kB`
}

function printReport(report: CatalogReport): void {
  const rows = report.images.map((image) => [
    image.reference,
    image.action,
    image.registry,
    `${image.seconds.toFixed(1)} s`,
    formatBytes(image.sizeBytes),
  ])
  const header = ['image', 'action', 'registry', 'time', 'size']
  const footer = [
    'total',
    '',
    '',
    `${report.seconds.toFixed(1)} s`,
    formatBytes(report.totalSizeBytes),
  ]
  const table = [header, ...rows, footer]
  const widths = header.map((_, column) =>
    Math.max(...table.map((row) => (row[column] ?? '').length)),
  )
  const line = (row: string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  console.log()
  console.log(line(header))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of rows) console.log(line(row))
  console.log(line(footer))
}

try {
  const report = await ensureCatalog({
    docker: new Dockerode(),
    force: values.force,
    onProgress: ({ step, detail }) => {
      if (step !== lastStep) {
        console.log(`${elapsed()}  ${step}`)
        lastStep = step
      }
      // Build output is long; by default show only the Dockerfile steps.
      if (detail !== undefined && (values.verbose || /^Step \d+\/\d+ :/.test(detail))) {
        console.log(`${elapsed()}    ${detail}`)
      }
    },
  })
  printReport(report)
} catch (error) {
  console.error(`\ncatalog failed after ${elapsed().trim()}:`)
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
}
