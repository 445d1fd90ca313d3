/**
 * The spawn-chain spec: run children without a shell, poll one, start many at once, stream data
 * through a chain, time one out. Every child is one of the kata's given programs; the child log
 * proves that none outlives its test.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { passwordVariable, program, type ProgramName } from '../children.ts';
import {
  ChildFailedError,
  ChildTimeoutError,
  chain,
  decrypt,
  encrypt,
  encryptThenHash,
  pollUntilExit,
  run,
  runInParallel,
  runWithTimeout,
} from '#kata/spawn-chain/spawn-chain.ts';
import { within } from '../../../test/support/wait.ts';
import { type ChildEntry, concurrently, describe as describeChild, logChildrenOfEachTest } from './child-log.ts';
import { parseSpan, peakAlive, timeline } from './spans.ts';

const children = logChildrenOfEachTest();

const bytes = (text: string) => new TextEncoder().encode(text);
const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const oneMiB = new Uint8Array(randomBytes(1 << 20));
/** Inputs every byte-stream test should survive: empty, ending in a newline byte, larger than a pipe's buffer. */
const awkwardInputs = [new Uint8Array(), bytes('two lines\nand a final newline\n'), oneMiB];
/**
 * Four random values per property, checked at once: each check starts child processes, so the
 * property runs once, on four values, as many as four runs of one and in the time of one.
 */
const fourOf = <T>(values: fc.Arbitrary<T>) => fc.array(values, { minLength: 4, maxLength: 4 });
const someBytes = fc.uint8Array({ maxLength: 4096 });
const propertyRuns = { numRuns: 1 };

/** Starts `name` the way the code under test will, as a `{ file, args }` pair. */
function command(name: ProgramName, ...args: string[]) {
  return program(name, args);
}

/**
 * Calls `call` and resolves with the error it rejects with. Fails if it throws synchronously (a
 * function that returns a promise must reject instead), resolves, or hangs for 10 s. A "not
 * implemented" error goes through unchanged, so a stub fails with its own message.
 */
async function rejectionOf(call: () => Promise<unknown>, what: string): Promise<unknown> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    throw new Error(
      `${what} threw synchronously (${String(error)}); a function that returns a promise must report every error as a rejection`,
    );
  }
  const error = await within(
    promise.then(
      (value) => {
        throw new Error(`${what} resolved with ${JSON.stringify(value)}; it should have rejected`);
      },
      (reason: unknown) => reason,
    ),
    10_000,
    what,
  );
  if (error instanceof Error && error.name === 'NotImplementedError') throw error;
  return error;
}

/** Fails unless every child the test has started so far has exited already. */
function expectAllExited(when: string): void {
  const running = children().running();
  expect(
    running.map(describeChild),
    `children still running ${when}; the promise must settle only once they have exited`,
  ).toEqual([]);
}

const noEntries = (): ChildEntry[] => [];

/** A program that does not exist, for failed starts. */
const missing = '/nonexistent/spawn-chain-missing-program';

/**
 * A call with a wrong argument: what it passes, the call, the error class it must reject with, a
 * pattern for what the message must name (the parameter, or the field of a command), and, where
 * the wrong value prints one way only, how the message must show it.
 */
type WrongCall = [what: string, call: () => Promise<unknown>, kind: ErrorConstructor, names: RegExp, shows?: string];

/**
 * Makes each wrong call and checks its rejection: the class, the message template `Cannot <action>:
 * <rule>, received <value>`, what the rule names and the value it shows.
 */
async function expectArgumentErrors(fn: string, wrongCalls: readonly WrongCall[]): Promise<void> {
  for (const [what, call, kind, names, shows] of wrongCalls) {
    const error = await rejectionOf(call, `${fn}() with ${what}`);
    expect(error, `${fn}() with ${what}`).toBeInstanceOf(kind);
    const { message } = error as Error;
    expect(message, `${fn}() with ${what}: the message must read "Cannot <action>: <rule>, received <value>"`).toMatch(
      /^Cannot .+: .+, received /,
    );
    const received = message.lastIndexOf(', received ');
    const rule = message.slice(message.indexOf(': ') + 2, received);
    expect(rule, `${fn}() with ${what}: the rule in the message must name what is wrong`).toMatch(names);
    if (shows !== undefined) {
      expect(
        message.slice(received + ', received '.length),
        `${fn}() with ${what}: the message must end with the value received`,
      ).toBe(shows);
    }
  }
}

/** Fails if a child records itself within 300 ms: checking the arguments comes before starting anything. */
async function expectNoChildStarted(): Promise<void> {
  const started = await children().waitForEntries(1, 300);
  expect(
    started.map(describeChild),
    'a child started although an argument was wrong: check every argument first',
  ).toEqual([]);
}

describe('step 1: run()', concurrently, () => {
  describe('the given child programs', () => {
    test('program() builds a command that runs a child with this runtime, and the child records itself in the log (given)', async () => {
      const { file, args } = program('echo-args', ['a b', '$(x)']);
      const { stdout } = await execa(file, args);
      expect(JSON.parse(stdout), 'echo-args prints the arguments it received').toEqual(['a b', '$(x)']);
      expect(
        children()
          .entries()
          .map(({ program, args }) => ({ program, args })),
        'each child appends itself to the child log',
      ).toEqual([{ program: 'echo-args.mjs', args: ['a b', '$(x)'] }]);
    });

    test('enc.mjs reads the password from the variable named by -pass env:NAME (given)', async () => {
      const encrypter = program('enc', ['-pass', `env:${passwordVariable}`]);
      const decrypter = program('enc', ['-d', '-pass', `env:${passwordVariable}`]);
      const env = { [passwordVariable]: 'pw' };
      const encrypted = await execa(encrypter.file, encrypter.args, {
        input: bytes('secret'),
        env,
        encoding: 'buffer',
        stripFinalNewline: false,
      });
      const decrypted = await execa(decrypter.file, decrypter.args, { input: encrypted.stdout, env });
      expect(decrypted.stdout, 'enc -d undoes enc with the same password').toBe('secret');
    });
  });

  test('run() resolves with the child stdout, one final newline removed, and exit code 0', async () => {
    const { file, args } = command('echo-args', 'one', 'two words');
    const result = await run(file, args);
    expect(result, 'echo-args prints ["one","two words"] and a newline, then exits with 0').toEqual({
      stdout: '["one","two words"]',
      exitCode: 0,
    });
  });

  test('run() passes each argument to the child as it is: no shell splits, expands or runs it', async () => {
    const pwned = join(children().folder, 'pwned');
    const victim = join(children().folder, 'victim');
    mkdirSync(victim);
    const hostile = [
      `$(touch ${pwned}); rm -rf ${victim}`,
      `\`touch ${pwned}\``,
      'two words',
      '*',
      '"quoted"',
      "it's",
      '&& echo',
      '',
    ];
    const { file, args } = command('echo-args', ...hostile);
    const { stdout } = await run(file, args);
    expect(
      JSON.parse(stdout),
      'the child must receive exactly these arguments; a shell would split, expand or run them',
    ).toEqual(hostile);
    expect(existsSync(pwned), `a shell ran "touch ${pwned}" from an argument: never use shell: true`).toBe(false);
    expect(existsSync(victim), `a shell ran "rm -rf ${victim}" from an argument: never use shell: true`).toBe(true);
  });

  test('run() writes input to the child stdin, and gives the child an empty stdin without it', async () => {
    const cat = command('cat');
    const [text, binary, empty] = await Promise.all([
      run(cat.file, cat.args, { input: 'hello\n' }),
      run(cat.file, cat.args, { input: bytes('bytes') }),
      within(run(cat.file, cat.args), 5000, 'run(cat) without input: is its stdin a pipe nobody ends?'),
    ]);
    expect(text.stdout, 'cat echoes its input (the final newline removed)').toBe('hello');
    expect(binary.stdout, 'a Uint8Array input works too').toBe('bytes');
    expect(empty.stdout, 'without input, cat reads end-of-file at once').toBe('');
  });

  test('run() adds env to the environment the child inherits from the parent', async () => {
    const enc = command('enc', '-pass', 'env:SPAWN_CHAIN_TEST_PASSWORD');
    const { exitCode } = await run(enc.file, enc.args, { input: 'x', env: { SPAWN_CHAIN_TEST_PASSWORD: 'pw' } });
    expect(exitCode).toBe(0);
    expect(
      children().entries().length,
      'the child did not see SPAWN_CHAIN_LOG: keep the parent environment and add env to it',
    ).toBe(1);
  });

  test('run() rejects with TypeError for a wrong argument, before starting anything', async () => {
    const echo = command('echo-args');
    await expectArgumentErrors('run', [
      ['file 42', () => run(42 as never), TypeError, /file/, '42'],
      ['file ""', () => run(''), TypeError, /file/],
      ['args "x"', () => run(echo.file, 'x' as never), TypeError, /arg/],
      ['args [1]', () => run(echo.file, [1] as never), TypeError, /arg/],
      ['input 42', () => run(echo.file, echo.args, { input: 42 as never }), TypeError, /input/, '42'],
      ['env "x"', () => run(echo.file, echo.args, { env: 'x' as never }), TypeError, /env/],
      ['env null', () => run(echo.file, echo.args, { env: null as never }), TypeError, /env/, 'null'],
      ['env { A: "a", B: 1 }', () => run(echo.file, echo.args, { env: { A: 'a', B: 1 } as never }), TypeError, /env/],
    ]);
    await expectNoChildStarted();
  });
});

describe('step 2: failures as ChildFailedError', concurrently, () => {
  test('ChildFailedError says how the child ended: its exit code, its signal or why it could not start (given)', () => {
    const exited = new ChildFailedError('node exit.mjs 3', { exitCode: 3, stderr: 'disk on fire' });
    expect(exited.message).toBe('Cannot run node exit.mjs 3: it exited with code 3\nstderr: disk on fire');
    expect([exited.command, exited.exitCode, exited.signal, exited.stderr]).toEqual([
      'node exit.mjs 3',
      3,
      undefined,
      'disk on fire',
    ]);
    expect(new ChildFailedError('node sleep.mjs', { signal: 'SIGTERM' }).message).toBe(
      'Cannot run node sleep.mjs: it was killed by SIGTERM',
    );
    expect(new ChildFailedError('nope', { reason: 'spawn nope ENOENT' }).message).toBe(
      'Cannot run nope: it could not start (spawn nope ENOENT)',
    );
    expect(exited, 'an Error with its own name').toBeInstanceOf(Error);
    expect(exited.name).toBe('ChildFailedError');
  });

  test('run() rejects with ChildFailedError naming the command, the exit code and stderr on a non-zero exit', async () => {
    const { file, args } = command('exit', '3', 'disk on fire');
    const error = await rejectionOf(() => run(file, args), 'run(exit 3)');
    expect(error, 'a non-zero exit is a failure').toBeInstanceOf(ChildFailedError);
    const failure = error as ChildFailedError;
    expect(failure.exitCode, 'exitCode').toBe(3);
    expect(failure.signal, 'no signal killed it').toBeUndefined();
    expect(failure.stderr, 'stderr is what the child wrote there, as text, its final newline removed').toBe(
      'disk on fire',
    );
    expect(failure.message, 'the message names the command').toContain('exit.mjs 3');
    expect(failure.message, 'the message gives the exit code').toMatch(/\b3\b/);
    expect(failure.message, 'the message includes stderr').toContain('disk on fire');
    expect(failure.cause, 'cause holds the error execa reported').toBeInstanceOf(Error);
  });

  test('run() rejects with ChildFailedError naming the signal when a signal kills the child', async () => {
    const { file, args } = command('exit', 'SIGTERM', 'terminated');
    const failure = (await rejectionOf(() => run(file, args), 'run(exit SIGTERM)')) as ChildFailedError;
    expect(failure, 'death by a signal is a failure').toBeInstanceOf(ChildFailedError);
    expect(failure.signal, 'signal').toBe('SIGTERM');
    expect(failure.exitCode, 'a killed child has no exit code').toBeUndefined();
    expect(failure.stderr, 'what it wrote to stderr before the signal').toContain('terminated');
    expect(failure.message, 'the message names the command and the signal').toMatch(
      /exit\.mjs SIGTERM[\s\S]*SIGTERM|SIGTERM[\s\S]*exit\.mjs SIGTERM/,
    );
  });

  test('run() rejects with ChildFailedError naming the program when it does not exist', async () => {
    const failure = (await rejectionOf(() => run(missing), 'run(a missing program)')) as ChildFailedError;
    expect(failure, 'a program that cannot start is a failure').toBeInstanceOf(ChildFailedError);
    expect(failure.command, 'the command is the program and its arguments, here none').toBe(missing);
    expect(failure.message, 'the message names the program').toContain('spawn-chain-missing-program');
    expect(failure.message, 'the message says why it could not start').toMatch(/ENOENT|not found|no such file/i);
  });
});

describe('step 3: pollUntilExit()', concurrently, () => {
  test('pollUntilExit() calls onPoll several times while a 200 ms child runs, then resolves with its exit code', async () => {
    let polls = 0;
    const { file, args } = command('sleep', '200');
    const code = await within(
      pollUntilExit(file, args, () => polls++, 20),
      10_000,
      'pollUntilExit(sleep 200)',
    );
    expect(code, 'the exit code of a child that succeeded').toBe(0);
    expect(
      polls,
      'onPoll every 20 ms while a 200 ms child ran: is it called while the child runs, not only after?',
    ).toBeGreaterThanOrEqual(3);
    const pollsWhenSettled = polls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(polls, 'onPoll was called after the promise settled: stop the timer when the child exits').toBe(
      pollsWhenSettled,
    );
  });

  test('pollUntilExit() resolves with a non-zero exit code rather than rejecting', async () => {
    const { file, args } = command('exit', '3');
    expect(
      await within(
        pollUntilExit(file, args, () => {}, 20),
        10_000,
        'pollUntilExit(exit 3)',
      ),
      'like Popen.poll(), a non-zero code is an answer',
    ).toBe(3);
  });

  test('pollUntilExit() rejects with ChildFailedError when a signal kills the child', async () => {
    const { file, args } = command('exit', 'SIGTERM');
    const failure = (await rejectionOf(
      () => pollUntilExit(file, args, () => {}, 20),
      'pollUntilExit(exit SIGTERM)',
    )) as ChildFailedError;
    expect(failure, 'a child killed by a signal has no exit code to resolve with').toBeInstanceOf(ChildFailedError);
    expect(failure.signal, 'signal').toBe('SIGTERM');
  });

  test('pollUntilExit() rejects with ChildFailedError when the program cannot start', async () => {
    const error = await rejectionOf(() => pollUntilExit(missing, [], () => {}, 20), 'pollUntilExit(a missing program)');
    expect(error, 'a program that cannot start').toBeInstanceOf(ChildFailedError);
  });

  test('pollUntilExit() kills the child and rejects with the error onPoll throws', async () => {
    const stop = new Error('stop polling');
    const onPoll = () => {
      if (children().entries().length > 0) throw stop; // once the child is on record, so its death can be checked
    };
    const { file, args } = command('sleep', '10000');
    const error = await rejectionOf(
      () => pollUntilExit(file, args, onPoll, 20),
      'pollUntilExit(sleep 10000) whose onPoll throws',
    );
    expect(error, 'the error onPoll threw').toBe(stop);
    expectAllExited('when pollUntilExit() rejected');
  });

  test('pollUntilExit() rejects with TypeError or RangeError for a wrong argument, before starting anything', async () => {
    const { file, args } = command('sleep', '10');
    await expectArgumentErrors('pollUntilExit', [
      ['file 42', () => pollUntilExit(42 as never, args, () => {}, 20), TypeError, /file/, '42'],
      ['onPoll "x"', () => pollUntilExit(file, args, 'x' as never, 20), TypeError, /onPoll/],
      ['intervalMs "20"', () => pollUntilExit(file, args, () => {}, '20' as never), TypeError, /intervalMs/],
      ...[0, -1, Number.NaN, Number.POSITIVE_INFINITY].map(
        (ms): WrongCall => [
          `intervalMs ${ms}`,
          () => pollUntilExit(file, args, () => {}, ms),
          RangeError,
          /intervalMs/,
          String(ms),
        ],
      ),
    ]);
    await expectNoChildStarted();
  });
});

describe('step 4: runInParallel()', concurrently, () => {
  test('runInParallel() resolves with every result, in the order of the commands', async () => {
    const results = await within(
      runInParallel([command('sleep', '300'), command('echo-args', 'second'), command('cat')]),
      10_000,
      'runInParallel(sleep 300, echo-args second, cat): does cat wait for the end of a stdin nobody ends?',
    );
    expect(results.length, 'one result per command').toBe(3);
    expect(
      results.slice(1),
      'the second and third commands, though they ended before the first; cat read an empty stdin',
    ).toEqual([
      { stdout: '["second"]', exitCode: 0 },
      { stdout: '', exitCode: 0 },
    ]);
    expect(() => parseSpan(results[0]!.stdout), 'the first result is the sleeper, though it ended last').not.toThrow();
  });

  test('runInParallel() starts every child before waiting for any: several of 4 sleepers are alive at once', async () => {
    const results = await within(
      runInParallel(Array.from({ length: 4 }, () => command('sleep', '300'))),
      15_000,
      'runInParallel(4 x sleep 300)',
    );
    const spans = results.map(({ stdout }) => parseSpan(stdout));
    expect(
      peakAlive(spans),
      `at most one sleeper was alive at any moment (${timeline(spans)}): each started only after the previous one ended. ` +
        'Start every child first, then wait for all of them together.',
    ).toBeGreaterThanOrEqual(2);
  });

  test('runInParallel() rejects with the failure of one child, after killing the others', async () => {
    const commands = [command('sleep', '10000'), command('sleep', '10001'), command('sleep', '10002')];
    const settled = runInParallel(commands);
    // Wait until all 3 are on record, unless the call settles first (then it failed too early).
    const started = await Promise.race([children().waitForEntries(3), settled.then(noEntries, noEntries)]);
    const victim = started.find(({ args }) => args[0] === '10001');
    if (!victim || started.length < 3) {
      await rejectionOf(() => settled, 'runInParallel(3 sleepers) before any was killed');
      throw new Error(
        `runInParallel() settled or stalled before all 3 sleepers had started; started: ${started.map(describeChild).join(', ')}`,
      );
    }
    process.kill(victim.pid, 'SIGTERM'); // the test kills the middle child
    const failure = (await rejectionOf(
      () => settled,
      'runInParallel(3 sleepers) after one was killed',
    )) as ChildFailedError;
    expect(failure, 'the failure of the killed sleeper').toBeInstanceOf(ChildFailedError);
    expect(failure.signal, 'the killed sleeper died of SIGTERM').toBe('SIGTERM');
    expect(failure.message, 'the message names the failed command').toContain('sleep.mjs 10001');
    expectAllExited('when runInParallel() rejected: kill the others, and wait for them to exit');
  });

  test('runInParallel() rejects with ChildFailedError naming a program that cannot start', async () => {
    const failure = (await rejectionOf(
      () => runInParallel([{ file: missing }]),
      'runInParallel([a missing program])',
    )) as ChildFailedError;
    expect(failure, 'a program that cannot start is a failure').toBeInstanceOf(ChildFailedError);
    expect(failure.command, 'the command is the program and its arguments, here none').toBe(missing);
    expect(failure.message, 'the message says why it could not start').toMatch(/ENOENT|not found|no such file/i);
  });

  test('runInParallel() rejects with TypeError for a wrong command, before starting any child', async () => {
    const sleeper = command('sleep', '10000');
    const wrongCalls: [string, unknown, RegExp, string?][] = [
      ['commands "x"', 'x', /command/],
      ['commands 42', 42, /command/, '42'],
      ['a command 42', [sleeper, 42], /command/, '42'],
      ['a command null', [sleeper, null], /command/, 'null'],
      ['a command with file 42', [sleeper, { file: 42 }], /file/, '42'],
      ['a command with args "x"', [sleeper, { file: sleeper.file, args: 'x' }], /arg/],
    ];
    await expectArgumentErrors(
      'runInParallel',
      wrongCalls.map(
        ([what, commands, names, shows]): WrongCall => [
          what,
          () => runInParallel(commands as never),
          TypeError,
          names,
          shows,
        ],
      ),
    );
    await expectNoChildStarted();
  });
});

describe('step 5: chain()', concurrently, () => {
  test('chain() streams data through one child and resolves with the exact bytes it wrote', async () => {
    await Promise.all(
      awkwardInputs.map(async (data) => {
        const output = await within(chain(data, [command('cat')]), 10_000, `chain(${data.length} bytes, [cat])`);
        expect(output, 'chain() resolves with a Uint8Array').toBeInstanceOf(Uint8Array);
        expect(
          Buffer.from(output).equals(data),
          `cat gave back ${output.length} bytes for ${data.length}: keep every byte, final newline included`,
        ).toBe(true);
      }),
    );
  });

  test('chain() through the hasher equals the SHA-256 computed in-process', async () => {
    await Promise.all([
      ...awkwardInputs.map(async (data) =>
        expect(
          await within(chain(data, [command('dgst')]), 10_000, `chain(${data.length} bytes, [dgst])`),
          `digest of ${data.length} bytes`,
        ).toEqual(sha256(data)),
      ),
      fc.assert(
        fc.asyncProperty(fourOf(someBytes), async (inputs) => {
          await Promise.all(
            inputs.map(async (data) => expect(await chain(data, [command('dgst')])).toEqual(sha256(data))),
          );
        }),
        propertyRuns,
      ),
    ]);
  });

  test('chain() through the encrypter and then the decrypter gives the data back', async () => {
    const env = { [passwordVariable]: 'correct horse' };
    const stages = [
      { ...command('enc', '-pass', `env:${passwordVariable}`), env },
      { ...command('enc', '-d', '-pass', `env:${passwordVariable}`), env },
    ];
    await Promise.all([
      ...awkwardInputs.map(async (data) => {
        const output = await within(chain(data, stages), 10_000, `chain(${data.length} bytes, [enc, enc -d])`);
        expect(
          Buffer.from(output).equals(data),
          `a round trip of ${data.length} bytes gave ${output.length} bytes back`,
        ).toBe(true);
      }),
      fc.assert(
        fc.asyncProperty(fourOf(someBytes), async (inputs) => {
          await Promise.all(inputs.map(async (data) => expect(await chain(data, stages)).toEqual(data)));
        }),
        propertyRuns,
      ),
    ]);
  });

  test('chain() ends when the last child exits early without reading: yes | exit-early resolves with "bye\\n"', async () => {
    const output = await within(
      chain(new Uint8Array(), [command('yes'), command('exit-early')]),
      5000,
      'chain([yes, exit-early]): yes writes forever, so a chain that collects each output whole before starting the next ' +
        'never ends, and one that keeps the pipe open never tells yes that its reader is gone',
    );
    expect(new TextDecoder().decode(output), 'the output of the last child').toBe('bye\n');
  });

  test('chain() rejects with ChildFailedError naming the failed middle child', async () => {
    const failure = (await rejectionOf(
      () => chain(oneMiB, [command('cat'), command('exit', '3', 'middle failed'), command('cat')]),
      'chain(1 MiB, [cat, exit 3, cat])',
    )) as ChildFailedError;
    expect(failure, 'a failed stage fails the chain, even when the last stage succeeds').toBeInstanceOf(
      ChildFailedError,
    );
    expect(failure.exitCode, 'the failed stage is exit 3').toBe(3);
    expect(failure.signal, 'no signal killed the failed stage').toBeUndefined();
    expect(failure.stderr, "the failed stage's stderr, as text, its final newline removed").toBe('middle failed');
    expect(failure.message, 'the message names the failed stage').toContain('exit.mjs 3');
    expect(failure.message, "the message includes the failed stage's stderr").toContain('\nstderr: middle failed');
    expect(failure.cause, 'cause holds the error execa reported').toBeInstanceOf(Error);
  });

  test('chain() rejects with ChildFailedError naming a program that cannot start', async () => {
    const failure = (await rejectionOf(
      () => chain(bytes('x'), [{ file: missing }]),
      'chain(x, [a missing program])',
    )) as ChildFailedError;
    expect(failure, 'a program that cannot start is a failure').toBeInstanceOf(ChildFailedError);
    expect(failure.command, 'the command is the program and its arguments, here none').toBe(missing);
  });

  test('chain() runs several 1 MiB chains at once without deadlock', async () => {
    const env = { [passwordVariable]: 'pw' };
    const stages = [
      { ...command('enc', '-pass', `env:${passwordVariable}`), env },
      command('cat'),
      { ...command('enc', '-d', '-pass', `env:${passwordVariable}`), env },
    ];
    const inputs = Array.from({ length: 4 }, () => new Uint8Array(randomBytes(1 << 20)));
    const outputs = await within(
      Promise.all(inputs.map((data) => chain(data, stages))),
      15_000,
      '4 chains of 1 MiB through [enc, cat, enc -d] at once',
    );
    for (const [i, output] of outputs.entries()) {
      expect(Buffer.from(output).equals(inputs[i]!), `chain ${i} gave its data back`).toBe(true);
    }
  });

  test('chain() rejects with TypeError or RangeError for a wrong argument, before starting anything', async () => {
    const cat = command('cat');
    await expectArgumentErrors('chain', [
      ['data "text"', () => chain('text' as never, [cat]), TypeError, /data/],
      ['data [1, 2]', () => chain([1, 2] as never, [cat]), TypeError, /data/],
      ['commands "cat"', () => chain(new Uint8Array(), 'cat' as never), TypeError, /command/],
      ['a command with file 42', () => chain(new Uint8Array(), [cat, { file: 42 } as never]), TypeError, /file/, '42'],
      ['no command', () => chain(new Uint8Array(), []), RangeError, /command/],
    ]);
    await expectNoChildStarted();
  });
});

describe('step 6: encrypt(), decrypt() and encryptThenHash()', concurrently, () => {
  test('decrypt(encrypt(data)) gives the data back', async () => {
    await Promise.all([
      ...awkwardInputs.map(async (data) => {
        const encrypted = await within(encrypt(data, 'hunter2'), 10_000, `encrypt(${data.length} bytes)`);
        expect(encrypted.length, 'the ciphertext has a 32-byte header, then one byte per byte of data').toBe(
          data.length + 32,
        );
        const decrypted = await within(decrypt(encrypted, 'hunter2'), 10_000, `decrypt(${encrypted.length} bytes)`);
        expect(
          Buffer.from(decrypted).equals(data),
          `a round trip of ${data.length} bytes gave ${decrypted.length} bytes back`,
        ).toBe(true);
      }),
      fc.assert(
        fc.asyncProperty(
          fourOf(fc.tuple(someBytes, fc.string({ unit: 'grapheme-ascii', maxLength: 20 }))),
          async (inputs) => {
            await Promise.all(
              inputs.map(async ([data, password]) =>
                expect(await decrypt(await encrypt(data, password), password)).toEqual(data),
              ),
            );
          },
        ),
        propertyRuns,
      ),
    ]);
  });

  test('encrypt() passes the password through the environment, never on a command line', async () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const data = bytes('attack at dawn');
    const encrypted = await encrypt(data, password);
    expect(Buffer.from(encrypted).includes(Buffer.from(data)), 'the ciphertext must not contain the plaintext').toBe(
      false,
    );
    const started = children().entries();
    expect(
      started.map(({ program }) => program),
      "the encrypter must inherit the parent's environment (it logs itself through it)",
    ).toContain('enc.mjs');
    for (const child of started) {
      expect(
        child.args.join(' '),
        `the password is on the command line of ${child.program}, where any user listing processes can read it`,
      ).not.toContain(password);
    }
  });

  test('encryptThenHash() gives a 32-byte digest that differs between inputs', async () => {
    const [first, second] = await within(
      Promise.all([encryptThenHash(bytes('first'), 'pw'), encryptThenHash(bytes('second'), 'pw')]),
      10_000,
      'two encryptThenHash() calls',
    );
    expect(first.length, 'a SHA-256 digest is 32 bytes').toBe(32);
    expect(second.length, 'a SHA-256 digest is 32 bytes').toBe(32);
    expect(Buffer.from(first).equals(Buffer.from(second)), 'two inputs gave the same digest').toBe(false);
    const programs = children()
      .entries()
      .map(({ program }) => program);
    expect(programs.sort(), 'each call runs the encrypter and the hasher').toEqual([
      'dgst.mjs',
      'dgst.mjs',
      'enc.mjs',
      'enc.mjs',
    ]);
  });

  test('encryptThenHash() streams 1 MiB from the encrypter into the hasher', async () => {
    const digest = await within(encryptThenHash(oneMiB, 'pw'), 10_000, 'encryptThenHash(1 MiB)');
    expect(digest.length, 'a SHA-256 digest is 32 bytes').toBe(32);
  });

  test('encrypt(), decrypt() and encryptThenHash() reject with TypeError for a wrong argument, before starting anything', async () => {
    const functions = { encrypt, decrypt, encryptThenHash };
    for (const [name, fn] of Object.entries(functions)) {
      await expectArgumentErrors(name, [
        ['data "text"', () => fn('text' as never, 'pw'), TypeError, /data/],
        ['password 42', () => fn(new Uint8Array(), 42 as never), TypeError, /password/, '42'],
      ]);
    }
    await expectNoChildStarted();
  });
});

describe('step 7: runWithTimeout()', concurrently, () => {
  test('ChildTimeoutError names the command and the time it was allowed (given)', () => {
    const error = new ChildTimeoutError('node sleep.mjs 10000', 300);
    expect(error.message).toBe('Cannot run node sleep.mjs 10000: it ran longer than 300 ms and was killed');
    expect([error.name, error.command, error.timeoutMs]).toEqual(['ChildTimeoutError', 'node sleep.mjs 10000', 300]);
    expect(error, 'not a ChildFailedError: a caller tells a timeout from a failure by its class').not.toBeInstanceOf(
      ChildFailedError,
    );
  });

  test('runWithTimeout() resolves like run() when the child ends in time', async () => {
    const { file, args } = command('echo-args', 'in time');
    expect(await runWithTimeout(file, args, 10_000)).toEqual({ stdout: '["in time"]', exitCode: 0 });
  });

  test('runWithTimeout() rejects with ChildTimeoutError long before a 10 s child would end, and the child is dead by then', async () => {
    const { file, args } = command('sleep', '10000');
    const started = performance.now();
    const error = await rejectionOf(() => runWithTimeout(file, args, 300), 'runWithTimeout(sleep 10000, 300)');
    const elapsed = performance.now() - started;
    const runningAtRejection = children().running().map(describeChild);
    expect(error, 'the time ran out').toBeInstanceOf(ChildTimeoutError);
    expect((error as Error).message, 'the message names the command').toContain('sleep.mjs 10000');
    expect(elapsed, 'it rejected, but only after the sleeper had run much longer than 300 ms').toBeLessThan(3000);
    expect(
      runningAtRejection,
      'the sleeper still ran when runWithTimeout() rejected: kill it, and wait for it to exit',
    ).toEqual([]);
    await children().waitForEntries(1, 1000); // a sleeper slow to boot records itself late
    expectAllExited('after runWithTimeout() rejected: a timer that rejects does not stop the child');
  });

  test('runWithTimeout() rejects with ChildFailedError when the child fails in time', async () => {
    const { file, args } = command('exit', '3');
    const error = await rejectionOf(() => runWithTimeout(file, args, 10_000), 'runWithTimeout(exit 3)');
    expect(error, 'a failure, not a timeout').toBeInstanceOf(ChildFailedError);
    expect(error, 'a failure, not a timeout').not.toBeInstanceOf(ChildTimeoutError);
  });

  test('runWithTimeout() rejects with TypeError or RangeError for a wrong argument, before starting anything', async () => {
    const { file, args } = command('sleep', '10');
    await expectArgumentErrors('runWithTimeout', [
      ['file 42', () => runWithTimeout(42 as never, args, 300), TypeError, /file/, '42'],
      ['timeoutMs "300"', () => runWithTimeout(file, args, '300' as never), TypeError, /timeoutMs/],
      ...[0, -1, Number.NaN, Number.POSITIVE_INFINITY].map(
        (ms): WrongCall => [
          `timeoutMs ${ms}`,
          () => runWithTimeout(file, args, ms),
          RangeError,
          /timeoutMs/,
          String(ms),
        ],
      ),
    ]);
    await expectNoChildStarted();
  });
});
