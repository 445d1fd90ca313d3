/**
 * The explored scenarios the runner can play and replay, found in the kata folders: a kata whose
 * `test/scenarios.ts` exists shares its scenarios with the runner. That module exports
 * `buildScenarios(kata)`, which builds them on a kata module (the same ones its spec explores), and
 * may export `games`: a scenario run against code with a bug in it, so there is a bug to find.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario } from '../lib/explore/explore.ts';
import { readKatas } from '../lib/katas.ts';
import { UsageError } from './usage-error.ts';

/** A game of `play`: a kata's scenario run against code with a bug in it, and what to aim for. */
export interface Game {
  /** The kata whose scenario it is. */
  kata: string;
  /** The kata's scenario. */
  scenario: string;
  /** The code the scenario runs, relative to the repo: the given racy code, or a classic mistake. */
  module: string;
  /** What the learner tries to make happen. */
  goal: string;
}

/** What a kata's `test/scenarios.ts` exports. */
interface ScenarioModule {
  buildScenarios(kata: object): Record<string, Scenario>;
  games?: Record<string, { scenario: string; module: string; goal: string }>;
}

/** Where a kata keeps its explored scenarios. */
const scenarioFile = (slug: string) => `katas/${slug}/test/scenarios.ts`;

/**
 * The katas that have explored scenarios, in the katas' order.
 *
 * @param root The repo's root folder.
 */
export function exploredKatas(root: string): string[] {
  return readKatas(root)
    .map((kata) => kata.slug)
    .filter((slug) => existsSync(join(root, scenarioFile(slug))));
}

async function load(root: string, slug: string): Promise<ScenarioModule> {
  return (await import(pathToFileURL(join(root, scenarioFile(slug))).href)) as ScenarioModule;
}

/**
 * Every game of `play`, by name, from every kata that has some.
 *
 * @param root The repo's root folder.
 * @returns The games; a game's name is also its scenario's name in a replay token.
 */
export async function games(root: string): Promise<Record<string, Game>> {
  const all: Record<string, Game> = {};
  for (const slug of exploredKatas(root)) {
    for (const [name, game] of Object.entries((await load(root, slug)).games ?? {})) {
      all[name] = { kata: slug, scenario: game.scenario, module: `katas/${slug}/${game.module}`, goal: game.goal };
    }
  }
  return all;
}

/**
 * Builds a kata's scenarios on the given module.
 *
 * @param root The repo's root folder.
 * @param kata The kata, e.g. `'locking-counter'`.
 * @param module The module under test, relative to the root; the learner's by default.
 * @returns The scenarios by name. Rejects with a UsageError for a kata without explored scenarios.
 */
export async function kataScenarios(
  root: string,
  kata: string,
  module = `katas/${kata}/${kata}.ts`,
): Promise<Record<string, Scenario>> {
  const explored = exploredKatas(root);
  if (!explored.includes(kata)) {
    throw new UsageError(
      `Cannot load scenarios: the kata must be one with explored scenarios (${explored.join(', ')}), received ${kata}`,
    );
  }
  if (!existsSync(join(root, module)))
    throw new UsageError(`Cannot load the scenarios of ${kata}: ${module} is missing`);
  const code = (await import(pathToFileURL(join(root, module)).href)) as object;
  return (await load(root, kata)).buildScenarios(code);
}

/**
 * A game's scenario, renamed after the game so that its tokens replay the game.
 *
 * @param root The repo's root folder.
 * @param name The game, e.g. `'lost-update'`.
 * @returns The game and its scenario. Rejects with a UsageError for an unknown game.
 */
export async function gameScenario(
  root: string,
  name: string | undefined,
): Promise<{ game: Game; scenario: Scenario }> {
  const all = await games(root);
  const game = name === undefined ? undefined : all[name];
  if (!game)
    throw new UsageError(
      `Cannot play: the scenario must be one of ${Object.keys(all).join(', ')}, received ${name ?? 'nothing'}`,
    );
  const scenario = (await kataScenarios(root, game.kata, game.module))[game.scenario]!;
  return { game, scenario: { ...scenario, name: name! } };
}
