/**
 * @module Expressive Code plugin that gives every shell code block of a lesson a **▶ 실행** button
 * (types the command into the terminal) and a **복사** button, at build time. Blocks in another
 * language (`text`, `console`, …) or with `norun` in their meta get neither. The buttons carry
 * `data-code-action`; the command text sits on their container's `data-code`. The page script
 * `scripts/code-block-actions.ts` handles the clicks.
 */
import { definePlugin, type ExpressiveCodePlugin } from '@astrojs/starlight/expressive-code'
import { h } from '@astrojs/starlight/expressive-code/hast'

const RUNNABLE_LANGUAGES = new Set(['bash', 'sh', 'shell'])

export interface RunnableCodeLabels {
  run: string
  runAria: string
  copy: string
  copyAria: string
}

/** Whether a block with this language and meta string gets the run and copy buttons. */
export function isRunnable(language: string, meta: string): boolean {
  return RUNNABLE_LANGUAGES.has(language) && !/(?:^|\s)norun(?:\s|$)/.test(meta)
}

export function pluginRunnableCode(labels: RunnableCodeLabels): ExpressiveCodePlugin {
  return definePlugin({
    name: 'docker-classroom-runnable-code',
    baseStyles: `
      .dc-code-actions {
        position: absolute;
        top: 0.3rem;
        inset-inline-end: 0.5rem;
        z-index: 1;
        display: flex;
        gap: 0.375rem;
      }
      .dc-code-actions button {
        cursor: pointer;
        font: inherit;
        font-size: 0.8rem;
        line-height: 1;
        padding: 0.35rem 0.6rem;
        border-radius: 0.3rem;
        border: 1px solid var(--sl-color-gray-4, #888);
        background: var(--sl-color-gray-6, #222);
        color: var(--sl-color-white, #fff);
      }
      .dc-code-actions button[data-code-action='run'] {
        background: var(--dc-fill, #2563eb);
        border-color: var(--dc-fill, #2563eb);
        color: var(--dc-on-fill, #fff);
        font-weight: 600;
      }
      .dc-code-actions button:hover {
        filter: brightness(1.15);
      }
      .dc-code-actions button:focus-visible {
        outline: 2px solid var(--sl-color-text-accent, #60a5fa);
        outline-offset: 2px;
      }
    `,
    hooks: {
      postprocessRenderedBlock({ codeBlock, renderData }) {
        if (!isRunnable(codeBlock.language, codeBlock.meta)) return
        renderData.blockAst.children.push(
          h('div.dc-code-actions', { dataCode: codeBlock.code.trimEnd() }, [
            h('button', { type: 'button', dataCodeAction: 'run', dataTestid: 'run-button', ariaLabel: labels.runAria }, labels.run),
            h('button', { type: 'button', dataCodeAction: 'copy', dataTestid: 'copy-button', ariaLabel: labels.copyAria }, labels.copy),
          ]),
        )
      },
    },
  })
}
