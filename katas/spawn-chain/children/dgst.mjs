// dgst.mjs: writes the SHA-256 digest of stdin to stdout as 32 raw bytes, like
// `openssl dgst -sha256 -binary`.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { filterStdin } from './child.mjs';

const hash = createHash('sha256');
await filterStdin(
  new Transform({
    transform(chunk, _encoding, done) {
      hash.update(chunk);
      done();
    },
    flush(done) {
      done(null, hash.digest());
    },
  }),
);
