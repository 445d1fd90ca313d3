/**
 * A small service (given), without HTTP so that the lesson stays on the event loop: two async
 * request handlers, each hiding a blocking call. Both are `async`, and both still freeze the
 * event loop while they run: `async` does not move work anywhere, it only wraps the result in a
 * promise. Step 1 of the README asks you to find the two calls.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { checksum } from './checksum.ts';

/** An upload: the bytes to store, whose checksum the service reports back. */
export interface UploadRequest {
  body: Uint8Array;
}

/** What the service answers to an upload. */
export interface UploadResponse {
  bytes: number;
  checksum: number;
}

/**
 * Handles an upload: computes the body's checksum.
 *
 * @param request The upload.
 * @returns Resolves with the body's size and checksum.
 * @throws {TypeError} (as a rejection) When the body is not a Uint8Array.
 * @example The service answers an upload
 * ```ts
 * const { checksum } = await handleUpload({ body: new Uint8Array([1, 2, 3]) });
 * ```
 */
export async function handleUpload(request: UploadRequest): Promise<UploadResponse> {
  return { bytes: request.body.length, checksum: checksum(request.body) }; // CPU-bound, on the event loop
}

/**
 * Handles a request for a configuration file: reads it as UTF-8 text.
 *
 * @param request `path`: the file to read.
 * @returns Resolves with the file's text.
 * @throws {Error} (as a rejection) When the file cannot be read, e.g. `ENOENT`.
 * @example The service answers a config request
 * ```ts
 * const { config } = await handleConfig({ path: 'service.json' });
 * ```
 */
export async function handleConfig(request: { path: string }): Promise<{ config: string }> {
  return { config: readFileSync(request.path, 'utf8') }; // waits for the disk, on the event loop
}
