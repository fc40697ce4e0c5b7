/**
 * @module Monaco as the workbench's editor tab uses it, bundled from node_modules (no CDN: the
 * course runs offline). Only this module imports Monaco, and only the editor panel imports this
 * module, dynamically, when the 에디터 tab is first opened, so a lesson page never loads it up front.
 * It takes the tree-shakeable entry (`monaco-editor/editor`, 0.56+) instead of the root, which
 * would bring every language and language service: the editing features a learner uses, the
 * tokenizers of the course's file types (`language.ts`), and the one worker they need (the
 * Monarch tokenizers run on the page; the editor worker computes diffs and links).
 */
import * as monaco from 'monaco-editor/editor'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import 'monaco-editor/features/bracketMatching/register'
import 'monaco-editor/features/clipboard/register'
import 'monaco-editor/features/codicon/register'
import 'monaco-editor/features/comment/register'
import 'monaco-editor/features/contextmenu/register'
import 'monaco-editor/features/cursorUndo/register'
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/folding/register'
import 'monaco-editor/features/indentation/register'
import 'monaco-editor/features/linesOperations/register'
import 'monaco-editor/features/multicursor/register'
import 'monaco-editor/features/toggleTabFocusMode/register'
import 'monaco-editor/features/wordHighlighter/register'
import 'monaco-editor/features/wordOperations/register'
import 'monaco-editor/languages/definitions/dockerfile/register'
import 'monaco-editor/languages/definitions/javascript/register'
import 'monaco-editor/languages/definitions/python/register'
import 'monaco-editor/languages/definitions/shell/register'
import 'monaco-editor/languages/definitions/yaml/register'

self.MonacoEnvironment = { getWorker: () => new EditorWorker() }

export { monaco }
