// The files `config` keeps under --out: one per key, written atomically, removed with their key. A manifest
// remembers which files are ours, so keys deleted while the sidecar was stopped lose their files at the next start.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeError } from './log';

export const MANIFEST_NAME = '.etcd-console-sidecar.json';

/** The file for a key (relative to the prefix); null when the key cannot be a path inside the directory. */
export function fileForKey(outDir: string, key: string): string | null {
  if (!key || key.startsWith('/') || key.includes('\0') || key === MANIFEST_NAME) return null;
  const segments = key.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  const file = path.resolve(outDir, ...segments);
  const root = path.resolve(outDir);
  return file.startsWith(root + path.sep) ? file : null;
}

/** Writes a temporary file next to the target and renames it over, so readers see the old or the new content. */
export async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}

/** Removes a file and the directories it leaves empty, up to (not including) the root. */
async function removeFile(root: string, file: string): Promise<void> {
  await fs.rm(file, { force: true });
  for (let dir = path.dirname(file); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    try {
      await fs.rmdir(dir);
    } catch {
      return; // not empty, or gone already
    }
  }
}

export type ApplyOutcome = {
  /** Keys skipped or files that could not be written or removed. */
  problems: string[];
  /** False when a file could not be written: the directory does not hold the revision. */
  complete: boolean;
};

export class ConfigFiles {
  private readonly root: string;
  /** Keys whose files we wrote (and have not removed). */
  private owned = new Set<string>();

  constructor(outDir: string) {
    this.root = path.resolve(outDir);
  }

  /** Creates the directory and reads the manifest a previous run left. */
  async open(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    try {
      const listed: unknown = JSON.parse(await fs.readFile(path.join(this.root, MANIFEST_NAME), 'utf8'));
      if (Array.isArray(listed))
        this.owned = new Set(listed.filter((k): k is string => typeof k === 'string'));
    } catch {
      // No manifest (first run) or an unreadable one: start owning nothing.
    }
  }

  /** Writes the changed keys' files and removes the files of keys no longer under the prefix. */
  async apply(snapshot: ReadonlyMap<string, unknown>, changedKeys: string[]): Promise<ApplyOutcome> {
    const problems: string[] = [];
    let complete = true;
    for (const key of [...this.owned].filter((k) => !snapshot.has(k))) {
      const file = fileForKey(this.root, key);
      try {
        if (file) await removeFile(this.root, file);
        this.owned.delete(key);
      } catch (error) {
        problems.push(`cannot remove the file of ${key}: ${describeError(error)}`);
      }
    }
    for (const key of changedKeys.filter((k) => snapshot.has(k))) {
      const file = fileForKey(this.root, key);
      if (!file) {
        problems.push(`key ${JSON.stringify(key)} is not a safe relative path; skipped`);
        continue;
      }
      try {
        await writeAtomically(file, String(snapshot.get(key)));
        this.owned.add(key);
      } catch (error) {
        complete = false;
        problems.push(`cannot write the file of ${key}: ${describeError(error)}`);
      }
    }
    await writeAtomically(path.join(this.root, MANIFEST_NAME), JSON.stringify([...this.owned].sort()));
    return { problems, complete };
  }
}
