/**
 * `replay <kata> <token>`: re-runs exactly one interleaving, from the token a failing explored
 * test or a game of `play` printed, against the learner's code (a game's token runs the game's
 * code), and shows it as swim lanes.
 *
 * @module
 */
import { decodeToken, replay as replaySchedule } from '../lib/explore/explore.ts';
import { isNotImplemented } from '../lib/explore/execution.ts';
import { exploredKatas, gameScenario, games, kataScenarios } from './scenarios.ts';
import { style } from './screen.ts';
import { UsageError } from './usage-error.ts';

/**
 * Replays a token and prints the lanes.
 *
 * @param root The repo's root folder.
 * @param kata The kata the token belongs to.
 * @param rest The token, e.g. `lost-update:ab2a`, and nothing more.
 * @returns 0 when the schedule passes, 1 when it fails (or the code is not written yet). Rejects
 *   with a UsageError for a bad kata, token or scenario.
 */
export async function replay(
  root: string,
  kata: string | undefined,
  [token, ...extra]: readonly string[],
): Promise<number> {
  const explored = exploredKatas(root);
  if (kata === undefined || !explored.includes(kata)) {
    throw new UsageError(
      `Cannot replay: the kata must be one with explored scenarios (${explored.join(', ')}), received ${kata ?? 'nothing'}`,
    );
  }
  if (token === undefined || extra.length > 0) {
    throw new UsageError(
      `Cannot replay: it takes a kata and one token, such as replay locking-counter lost-update:ab2a, received ${token === undefined ? 'no token' : [token, ...extra].join(' ')}`,
    );
  }
  let name: string;
  try {
    name = decodeToken(token).scenario;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const named = (await games(root))[name];
  const game = named?.kata === kata ? named : undefined;
  const scenarios = game ? undefined : await kataScenarios(root, kata);
  const scenario = game ? (await gameScenario(root, name)).scenario : scenarios![name];
  if (!scenario)
    throw new UsageError(
      `Cannot replay: the token's scenario must be one of ${Object.keys(scenarios!).join(', ')}, received ${name}`,
    );
  const against = game ? game.module : `katas/${kata}/${kata}.ts`;
  try {
    const result = await replaySchedule(scenario, token);
    console.log(`Replaying ${token} against ${against}:\n`);
    console.log(result.report);
    if (!result.execution.failure) console.log(`\n${style.green('This schedule passes')} with ${against}.`);
    return result.execution.failure ? 1 : 0;
  } catch (error) {
    if (isNotImplemented(error)) {
      console.log(`${(error as Error).message}\nThe code this schedule runs is not written yet.`);
      return 1;
    }
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}
