/**
 * The workbench's 에디터 tab (loaded when the tab first opens): the learner's lesson folder in the
 * sandbox (`/root/workspace/<lesson id>`) as a file tree beside Monaco. Files open from the tree
 * (the folder's Dockerfile opens by itself), each in a model of its own so unsaved edits survive
 * switching files; a ● marks unsaved changes. 저장 or Ctrl+S (⌘S) writes the file with the version it
 * was read at: when the file changed in the sandbox meanwhile, the learner chooses between
 * overwriting it and reloading it. Coming back to the tab, a file changed in the sandbox is taken
 * as it is now when it has no unsaved edits, and offered the same choice when it has. 빌드 saves what is unsaved and runs the lesson's build command in
 * the terminal. Monaco's code is fetched in parallel with the folder listing.
 *
 * Test hooks:
 * - `data-testid="editor"`: the panel; `data-state` is `loading` until Monaco is ready, then `ready`
 *   (or `failed`); `data-file` is the open file's path.
 * - `data-testid="editor-file"` / `"editor-folder"` with `data-path`: tree entries.
 * - `data-testid="editor-save"`, `"editor-build"`, `"editor-refresh"`: the buttons.
 * - `data-testid="editor-dirty"`: the unsaved-changes mark; `data-testid="editor-status"`: the status line.
 * - `data-testid="editor-conflict"` with `"editor-overwrite"` and `"editor-reload"`: the conflict choice.
 */
import type * as Monaco from 'monaco-editor/editor'
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react'
import { t } from '../../i18n/t.ts'
import { languageFor } from '../../lib/editor/language.ts'
import { defaultBuildCommand } from '../../lib/editor/build-command.ts'
import { entryPath, fileToOpenFirst, sortEntries, WorkspaceFiles, type FolderEntry, type WorkspaceFile } from '../../lib/editor/workspace-files.ts'
import { ApiError } from '../../lib/session/session-client.ts'
import { getSessionStore } from '../../lib/session/session-store.ts'
import { runInTerminal } from '../../lib/terminal/terminal-bus.ts'
import { FolderList, UnsavedMark } from './FileTree.tsx'
import './EditorPanel.css'

interface Props {
  lessonId: string
  /** The lesson's own build command, if it has one (`lib/editor/build-command.ts` otherwise). */
  buildCommand: string | undefined
  /** Whether the tab is showing: coming back to it lists the folder again (files made in the terminal). */
  active: boolean
}

/** A file open in the editor. */
interface OpenFile {
  model: Monaco.editor.ITextModel
  /** The version the sandbox's copy had when it was last read or saved; a save must still match it. */
  version: string
  /** Monaco's id of the content last read or saved: the file is unsaved when the model's differs. */
  savedAlternativeId: number
  viewState: Monaco.editor.ICodeEditorViewState | null
}

interface Loaded {
  monaco: typeof Monaco
  editor: Monaco.editor.IStandaloneCodeEditor
}

type Status = { text: string; error?: boolean }

const WORKSPACE = '/root/workspace'

/** Monaco's code, fetched once: when the panel mounts, or earlier when the learner heads for the tab. */
export const loadMonaco = () => import('../../lib/editor/monaco.ts')

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function monacoTheme(): string {
  return document.documentElement.dataset.theme === 'light' ? 'vs' : 'vs-dark'
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

export default function EditorPanel({ lessonId, buildCommand, active }: Props) {
  const store = getSessionStore()
  const files = useMemo(() => new WorkspaceFiles(store.request), [store])
  const session = useSyncExternalStore(store.state.subscribe, store.state.get)
  const sessionId = session.status === 'ready' ? session.session.id : null

  const hostRef = useRef<HTMLDivElement>(null)
  const conflictRef = useRef<HTMLDivElement>(null)
  const loadedRef = useRef<Promise<Loaded | null> | null>(null)
  const openFiles = useRef(new Map<string, OpenFile>())
  const [editorState, setEditorState] = useState<'loading' | 'ready' | 'failed'>('loading')
  const [folders, setFolders] = useState<ReadonlyMap<string, FolderEntry[] | null>>(new Map())
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set())
  const [current, setCurrentState] = useState<string | null>(null)
  // Read by async steps that must see the file shown now, not the one shown when they started.
  const currentRef = useRef<string | null>(null)
  const [dirty, setDirty] = useState<ReadonlySet<string>>(new Set())
  const [conflict, setConflict] = useState<string | null>(null)
  const [status, setStatus] = useState<Status>({ text: '' })
  const [busy, setBusy] = useState(false)
  // Ctrl+S inside Monaco is bound once; it calls whatever `save` is current.
  const saveCurrentRef = useRef<() => void>(() => {})

  // Monaco: fetched and created once, while the folder is being listed.
  useEffect(() => {
    let disposed = false
    const loaded = loadMonaco().then(
      ({ monaco }) => {
        const host = hostRef.current
        if (disposed || !host) return null
        const editor = monaco.editor.create(host, {
          model: null,
          theme: monacoTheme(),
          automaticLayout: true,
          fixedOverflowWidgets: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 14,
          // The site's code font (global.css), which Monaco needs as a font list of its own.
          fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--sl-font-mono').trim() || 'monospace',
          // Korean comments and strings are not suspicious characters.
          unicodeHighlight: { ambiguousCharacters: false },
          ariaLabel: t('editor.label'),
        })
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => saveCurrentRef.current())
        setEditorState('ready')
        return { monaco, editor }
      },
      () => {
        if (!disposed) setEditorState('failed')
        return null
      },
    )
    loadedRef.current = loaded
    // Starlight's theme switch sets data-theme on <html>: the editor follows it.
    const themeObserver = new MutationObserver(() => void loaded.then((l) => l?.monaco.editor.setTheme(monacoTheme())))
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    const documents = openFiles.current
    return () => {
      disposed = true
      themeObserver.disconnect()
      void loaded.then((l) => {
        for (const file of documents.values()) file.model.dispose()
        documents.clear()
        l?.editor.dispose()
      })
    }
  }, [])

  function setCurrent(path: string | null) {
    currentRef.current = path
    setCurrentState(path)
  }

  function markDirty(path: string) {
    const file = openFiles.current.get(path)
    const unsaved = !!file && file.model.getAlternativeVersionId() !== file.savedAlternativeId
    setDirty((previous) => {
      if (previous.has(path) === unsaved) return previous
      const next = new Set(previous)
      if (unsaved) next.add(path)
      else next.delete(path)
      return next
    })
  }

  async function listFolder(path: string) {
    try {
      const entries = await files.list(path)
      setFolders((previous) => new Map(previous).set(path, entries))
      return entries
    } catch (error) {
      setStatus({ text: t('editor.listFailed', { message: errorText(error) }), error: true })
      return null
    }
  }

  async function openFile(path: string, { focus }: { focus: boolean }) {
    // Read while Monaco may still be loading: the first file is waited for by both.
    const reading = openFiles.current.has(path) ? null : files.read(path)
    reading?.catch(() => {})
    const loaded = await loadedRef.current
    if (!loaded) return
    const { monaco, editor } = loaded
    const showing = currentRef.current ? openFiles.current.get(currentRef.current) : undefined
    if (showing) showing.viewState = editor.saveViewState()
    let file = openFiles.current.get(path)
    if (!file) {
      try {
        const read = await (reading ?? files.read(path))
        // The tree may have opened it twice meanwhile.
        file = openFiles.current.get(path)
        if (!file) {
          const model = monaco.editor.createModel(read.content, languageFor(path), monaco.Uri.file(`${WORKSPACE}/${path}`))
          file = { model, version: read.version, savedAlternativeId: model.getAlternativeVersionId(), viewState: null }
          openFiles.current.set(path, file)
          model.onDidChangeContent(() => markDirty(path))
        }
      } catch (error) {
        setStatus({ text: t('editor.openFailed', { file: fileName(path), message: errorText(error) }), error: true })
        return
      }
    }
    editor.setModel(file.model)
    if (file.viewState) editor.restoreViewState(file.viewState)
    editor.updateOptions({ ariaLabel: t('editor.labelFile', { file: path }) })
    setCurrent(path)
    if (focus) editor.focus()
  }

  /** Lists the lesson folder and opens its main file, looking one level down when the folder itself has none (`site/`, `app/`). */
  async function showLessonFolder() {
    const entries = await listFolder(lessonId)
    if (!entries) return
    const first = fileToOpenFirst(entries)
    if (first) return openFile(entryPath(lessonId, first.name), { focus: false })
    const subfolders = sortEntries(entries)
      .filter((entry) => entry.kind === 'directory')
      .map((entry) => entryPath(lessonId, entry.name))
    setExpanded(new Set(subfolders))
    const listings = await Promise.all(subfolders.map(listFolder))
    for (const [index, inner] of listings.entries()) {
      const found = inner && fileToOpenFirst(inner)
      if (found) return openFile(entryPath(subfolders[index]!, found.name), { focus: false })
    }
  }

  /** Lists again every folder shown, for files made or removed in the terminal. */
  function refresh() {
    for (const path of [lessonId, ...expanded]) void listFolder(path)
  }

  // A new session is a new workstation: what was open belonged to the old one.
  useEffect(() => {
    if (!sessionId) return
    const previous = [...openFiles.current.values()]
    openFiles.current.clear()
    setCurrent(null)
    setDirty(new Set())
    setConflict(null)
    setExpanded(new Set())
    setFolders(new Map())
    void loadedRef.current?.then((l) => {
      l?.editor.setModel(null)
      for (const file of previous) file.model.dispose()
    })
    void showLessonFolder()
  }, [sessionId])

  const wasActive = useRef(active)
  useEffect(() => {
    if (active && !wasActive.current && sessionId) {
      refresh()
      void catchUpWithSandbox()
    }
    wasActive.current = active
  }, [active])

  useEffect(() => {
    if (conflict) conflictRef.current?.querySelector('button')?.focus()
  }, [conflict])

  function toggleFolder(path: string) {
    const next = new Set(expanded)
    if (next.has(path)) next.delete(path)
    else {
      next.add(path)
      void listFolder(path)
    }
    setExpanded(next)
  }

  /**
   * Writes the file; with `overwrite`, whatever the sandbox has now is replaced. Answers whether
   * it was saved: a conflict leaves the choice to the learner.
   */
  async function save(path: string, { overwrite = false } = {}): Promise<boolean> {
    const file = openFiles.current.get(path)
    if (!file) return true
    const content = file.model.getValue()
    const alternativeId = file.model.getAlternativeVersionId()
    setBusy(true)
    setStatus({ text: t('editor.saving') })
    try {
      const outcome = await files.write(path, content, overwrite ? null : file.version)
      if (outcome.kind === 'conflict') {
        setStatus({ text: '' })
        setConflict(path)
        return false
      }
      file.version = outcome.version
      file.savedAlternativeId = alternativeId
      markDirty(path)
      setConflict(null)
      setStatus({ text: t('editor.saved', { file: fileName(path) }) })
      return true
    } catch (error) {
      setStatus({ text: t('editor.saveFailed', { message: errorText(error) }), error: true })
      return false
    } finally {
      setBusy(false)
    }
  }

  /** Puts the sandbox's copy of the file in the editor, as its saved state. */
  function takeSandboxCopy(path: string, file: OpenFile, read: WorkspaceFile) {
    file.model.setValue(read.content)
    file.version = read.version
    file.savedAlternativeId = file.model.getAlternativeVersionId()
    markDirty(path)
    setStatus({ text: t('editor.reloaded', { file: fileName(path) }) })
  }

  /**
   * Coming back to the tab: the file shown may have changed in the sandbox meanwhile (the terminal,
   * a build). Without unsaved edits the editor just takes the new content; with them, the learner
   * chooses now instead of at the next save. A file gone from the sandbox is told at the next save.
   */
  async function catchUpWithSandbox() {
    const path = currentRef.current
    const file = path ? openFiles.current.get(path) : undefined
    if (!path || !file) return
    const read = await files.read(path).catch(() => null)
    if (!read || read.version === file.version) return
    if (file.model.getAlternativeVersionId() === file.savedAlternativeId) return takeSandboxCopy(path, file, read)
    setStatus({ text: '' })
    setConflict(path)
  }

  /** Replaces the editor's copy with the sandbox's, dropping unsaved edits. */
  async function reload(path: string) {
    const file = openFiles.current.get(path)
    if (!file) return
    try {
      takeSandboxCopy(path, file, await files.read(path))
      setConflict(null)
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'file_not_found')) {
        setStatus({ text: t('editor.openFailed', { file: fileName(path), message: errorText(error) }), error: true })
        return
      }
      // Deleted in the sandbox: close it.
      file.model.dispose()
      openFiles.current.delete(path)
      markDirty(path)
      setConflict(null)
      if (currentRef.current === path) setCurrent(null)
      setStatus({ text: t('editor.fileGone', { file: fileName(path) }), error: true })
      refresh()
    }
  }

  async function build() {
    for (const path of dirty) {
      if (!(await save(path))) return
    }
    runInTerminal(command)
  }

  const command = buildCommand ?? defaultBuildCommand(lessonId, current)
  saveCurrentRef.current = () => {
    if (currentRef.current && !busy) void save(currentRef.current)
  }

  function onKeyDown(event: KeyboardEvent) {
    // Monaco handles its own Ctrl+S; this covers the tree and the buttons.
    if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 's') return
    event.preventDefault()
    saveCurrentRef.current()
  }

  return (
    <div className="editor-panel" data-testid="editor" data-state={editorState} data-file={current ?? undefined} onKeyDown={onKeyDown}>
      <div className="workbench-toolbar">
        <p className="editor-file-name">
          {current ? (
            <>
              <span className="editor-path">{current}</span>
              {dirty.has(current) && <UnsavedMark />}
            </>
          ) : (
            <span className="editor-path-none">{t('editor.noFile')}</span>
          )}
        </p>
        <button type="button" className="workbench-button" data-testid="editor-save" disabled={!current || busy} aria-keyshortcuts="Control+S" onClick={() => saveCurrentRef.current()}>
          {t('editor.save')}
        </button>
        <button
          type="button"
          className="workbench-button workbench-button-primary"
          data-testid="editor-build"
          disabled={busy}
          title={command}
          onClick={() => void build()}
        >
          {t('editor.build')}
        </button>
      </div>
      {conflict && (
        <div className="editor-conflict" data-testid="editor-conflict" role="alert" ref={conflictRef}>
          <p>{t('editor.conflict', { file: fileName(conflict) })}</p>
          <div className="editor-conflict-actions">
            <button type="button" className="workbench-button" data-testid="editor-reload" onClick={() => void reload(conflict)}>
              {t('editor.reload')}
            </button>
            <button type="button" className="workbench-button workbench-button-primary" data-testid="editor-overwrite" onClick={() => void save(conflict, { overwrite: true })}>
              {t('editor.overwrite')}
            </button>
          </div>
        </div>
      )}
      <div className="editor-body">
        <nav className="editor-tree" aria-label={t('editor.files')}>
          <div className="editor-tree-head">
            <span className="editor-tree-title">~/workspace/{lessonId}</span>
            <button type="button" className="editor-tree-refresh" data-testid="editor-refresh" aria-label={t('editor.refreshAria')} onClick={refresh}>
              <span aria-hidden="true">↻</span>
            </button>
          </div>
          <FolderList
            folder={lessonId}
            folders={folders}
            expanded={expanded}
            current={current}
            dirty={dirty}
            onToggle={toggleFolder}
            onOpen={(path) => void openFile(path, { focus: true })}
          />
        </nav>
        <div className="editor-main">
          <div className="editor-monaco" ref={hostRef} hidden={!current} />
          {!current && <p className="editor-placeholder">{editorState === 'failed' ? t('editor.loadFailed') : editorState === 'loading' ? t('editor.loading') : t('editor.pickFile')}</p>}
        </div>
      </div>
      <div className="workbench-toolbar editor-footer">
        <p className="editor-status" data-testid="editor-status" role="status" data-error={status.error ?? false}>
          {status.text}
        </p>
        <p className="editor-hint">{t('editor.tabHint')}</p>
      </div>
    </div>
  )
}
