/**
 * When the sleeper children were alive, from the line each one prints, and how many overlapped:
 * the structural proof that children ran at the same time.
 *
 * @module
 */

/** One sleeper's life, in `Date.now()` milliseconds, as it printed it. */
export interface Span {
  pid: number;
  start: number;
  end: number;
}

/** Reads the `{"pid","start","end"}` line a sleeper prints. */
export function parseSpan(stdout: string): Span {
  const span = JSON.parse(stdout) as Span;
  if (![span.pid, span.start, span.end].every(Number.isFinite))
    throw new Error(`Cannot read the sleeper's report: expected {"pid","start","end"}, received ${stdout}`);
  return span;
}

/**
 * The largest number of spans alive at the same moment. Spans that only touch (one ends in the
 * millisecond the next starts) do not overlap, so children run one after another always give 1.
 */
export function peakAlive(spans: readonly Span[]): number {
  const events = spans.flatMap(({ start, end }) => [
    { at: start, change: 1 },
    { at: end, change: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.change - b.change); // at equal times, ends first
  let alive = 0;
  let peak = 0;
  for (const { change } of events) peak = Math.max(peak, (alive += change));
  return peak;
}

/** The spans as a small timeline, relative to the earliest start, for failure messages. */
export function timeline(spans: readonly Span[]): string {
  const origin = Math.min(...spans.map(({ start }) => start));
  return spans.map(({ pid, start, end }) => `pid ${pid}: ${start - origin}-${end - origin} ms`).join('; ');
}
