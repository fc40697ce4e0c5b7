/** @module How sizes and image names read on the "내 환경" pictures. */
import { t } from '../../i18n/t.ts'

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

/** Bytes in decimal units with three significant digits, as `docker images` writes them: `15.3 MB`, `447 B`. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit += 1
  }
  const digits = unit === 0 ? String(Math.round(value)) : String(Number(value.toPrecision(3)))
  return `${digits} ${UNITS[unit]}`
}

/** An image's first tag, or a Korean "untagged" name with its short id. */
export function imageName(image: { id: string; tags: readonly string[] }): string {
  return image.tags[0] ?? t('environment.layers.untagged', { id: image.id.replace(/^sha256:/, '').slice(0, 12) })
}
