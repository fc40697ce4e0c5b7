/**
 * The editor's file tree: the lesson folder's entries, folders first, as nested lists of buttons
 * (a folder toggles with `aria-expanded`, a file opens; the open file is `aria-current`), so Tab and
 * Enter are all a keyboard user needs. Folders are listed when first expanded. Symlinks and special
 * files are shown but cannot be opened (the files API does not follow them).
 */
import { t } from '../../i18n/t.ts'
import { entryPath, sortEntries, type FolderEntry } from '../../lib/editor/workspace-files.ts'

export interface FileTreeProps {
  /** Entries of each listed folder by path; null when the folder does not exist. */
  folders: ReadonlyMap<string, FolderEntry[] | null>
  expanded: ReadonlySet<string>
  current: string | null
  dirty: ReadonlySet<string>
  onToggle(path: string): void
  onOpen(path: string): void
}

export function FolderList({ folder, ...props }: FileTreeProps & { folder: string }) {
  const { folders, expanded, current, dirty, onToggle, onOpen } = props
  const entries = folders.get(folder)
  if (entries === undefined) return <p className="editor-tree-note">{t('editor.listing')}</p>
  if (entries === null) return <p className="editor-tree-note">{t('editor.noFolder')}</p>
  if (entries.length === 0) return <p className="editor-tree-note">{t('editor.emptyFolder')}</p>
  return (
    <ul className="editor-tree-list">
      {sortEntries(entries).map((entry) => {
        const path = entryPath(folder, entry.name)
        if (entry.kind === 'directory') {
          const open = expanded.has(path)
          return (
            <li key={path}>
              <button type="button" className="editor-tree-item" data-testid="editor-folder" data-path={path} aria-expanded={open} onClick={() => onToggle(path)}>
                <span className="editor-tree-icon" aria-hidden="true">
                  {open ? '▾' : '▸'}
                </span>
                {entry.name}/
              </button>
              {open && <FolderList folder={path} {...props} />}
            </li>
          )
        }
        if (entry.kind !== 'file') {
          return (
            <li key={path}>
              <span className="editor-tree-item editor-tree-other">
                {entry.name} <span className="editor-tree-kind">({t('editor.notOpenable')})</span>
              </span>
            </li>
          )
        }
        return (
          <li key={path}>
            <button
              type="button"
              className="editor-tree-item"
              data-testid="editor-file"
              data-path={path}
              aria-current={current === path ? 'true' : undefined}
              onClick={() => onOpen(path)}
            >
              {entry.name}
              {dirty.has(path) && <UnsavedMark />}
            </button>
          </li>
        )
      })}
    </ul>
  )
}

/** The ● after a file with unsaved changes, said in words to screen readers. */
export function UnsavedMark() {
  return (
    <span className="editor-dirty" data-testid="editor-dirty" title={t('editor.unsaved')}>
      <span aria-hidden="true"> ●</span>
      <span className="sr-only">({t('editor.unsaved')})</span>
    </span>
  )
}
