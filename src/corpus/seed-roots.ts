// The seeds folders as a boundary. A symlink inside them may point anywhere (`ln -s /app/.env
// seeds/env.txt`), and what it points to is what gets read and quoted back to chat users. So a
// file is loaded only when its real path lies inside one of the seeds folders (unless the
// operator opts in with seeds.followLinksOutside), is not hidden there, and is itself a
// document by its own name, not by the name of the link.
import { realpathSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface SeedRootsOptions {
  /** The configured seed folders (or single files), relative to `cwd` or absolute. */
  dirs: readonly string[];
  cwd: string;
  /** Load link targets outside every seeds folder too (seeds.followLinksOutside; off by default). */
  followLinksOutside?: boolean;
}

export interface SeedRoots {
  /** Why the file or folder whose real path is `real` must not be loaded; null when it may. (Its type is the caller's check.) */
  refuse(real: string, kind: 'file' | 'folder'): string | null;
  /** A document's path as users see it: relative to its seeds folder, never a server path. */
  show(path: string, dirIndex: number): string;
}

export const OUTSIDE_REASON = 'symlink to a place outside the seeds folders; skipped (seeds.followLinksOutside allows it)';

export function createSeedRoots(options: SeedRootsOptions): SeedRoots {
  const roots = options.dirs.map((d) => resolve(options.cwd, d));

  /** Real paths of the roots that exist now (a folder may appear after start). */
  const realRoots = (): string[] => {
    const out: string[] = [];
    for (const root of roots) {
      try {
        out.push(realpathSync.native(root));
      } catch { /* missing for now: reported by the scan */ }
    }
    return out;
  };

  // Resolved once, and again only when a path seems to be outside them (a folder may have
  // appeared, or a root link been repointed, since): one realpath per file, not per file and root.
  let known = realRoots();
  const containing = (real: string) => known.find((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));

  return {
    refuse(real, kind) {
      let inside = containing(real);
      if (inside === undefined) {
        known = realRoots();
        inside = containing(real);
      }
      if (inside === undefined) {
        if (!options.followLinksOutside) return OUTSIDE_REASON;
        return basename(real).startsWith('.') ? `symlink to a hidden ${kind}; skipped` : null;
      }
      // The hidden-file rule holds for where a link leads, not only for the link's own name.
      const rel = relative(inside, real);
      if (rel && rel.split(sep).some((segment) => segment.startsWith('.'))) return `symlink to a hidden ${kind}; skipped`;
      return null;
    },
    show(path, dirIndex) {
      const root = roots[dirIndex] ?? options.cwd;
      const fromCwd = relative(options.cwd, path);
      // Inside the working directory the familiar relative path ("seeds/a.txt") is already safe.
      if (fromCwd && !fromCwd.startsWith('..') && !isAbsolute(fromCwd)) return fromCwd;
      const fromRoot = relative(root, path);
      if (!fromRoot) return basename(path);
      if (fromRoot.startsWith('..') || isAbsolute(fromRoot)) return basename(path);
      return join(basename(root), fromRoot);
    },
  };
}
