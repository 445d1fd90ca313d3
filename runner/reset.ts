/**
 * Puts a kata's files back as they were handed out, from runner/kata-snapshot.json, so it works
 * without git. Files the learner added are kept and named.
 *
 * @module
 */
import type { Files } from './kata-files.ts';
import { snapshotFiles, snapshotPath, writeFiles } from './snapshot.ts';
import type { Workspace } from './workspace.ts';

/** What a reset would do. */
export interface ResetPlan {
  /** Files that differ from how they were handed out, or were deleted: these will be rewritten. */
  changed: string[];
  /** Files the learner added; a reset keeps them. */
  added: string[];
  /** The handed-out content of the changed files. */
  files: Files;
}

/**
 * Compares a kata's files with how they were handed out.
 *
 * @returns The plan; nothing to do when `changed` is empty.
 * @throws {Error} When the snapshot has no copy of the kata.
 * @example
 * ```ts
 * const plan = planReset(workspace, 'closable-queue');
 * if (plan.changed.length > 0) applyReset(workspace, 'closable-queue', plan);
 * ```
 */
export function planReset(workspace: Workspace, slug: string): ResetPlan {
  const handedOut = snapshotFiles(workspace.root, slug);
  if (!handedOut) {
    throw new Error(
      `Cannot reset ${slug}: ${snapshotPath} must hold the kata as it was handed out, received no copy of it (run npm run snapshot)`,
    );
  }
  const now = workspace.learnerFiles(slug);
  const files: Files = new Map([...handedOut].filter(([path, bytes]) => !equalBytes(now.get(path), bytes)));
  return { changed: [...files.keys()], added: [...now.keys()].filter((path) => !handedOut.has(path)), files };
}

/** Rewrites the changed files of a plan. */
export function applyReset(workspace: Workspace, slug: string, plan: ResetPlan): void {
  writeFiles(workspace.folder(slug), plan.files);
}

/** What a plan changes, in words, e.g. `closable-queue.ts, README.md`. */
export function describePlan(slug: string, plan: ResetPlan): string[] {
  const lines = [`katas/${slug}/: ${plan.changed.join(', ')}`];
  if (plan.added.length > 0) lines.push(`Your own files stay: ${plan.added.join(', ')}`);
  return lines;
}

function equalBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((byte, index) => byte === b[index]);
}
