// enc.mjs: encrypts stdin to stdout with AES-256-CTR, like `openssl enc`; `-d` decrypts.
//
//   enc.mjs [-d] -pass env:NAME    the password is in the environment variable NAME (safe)
//   enc.mjs [-d] -pass pass:TEXT   the password is TEXT (visible to anyone who lists processes)
//
// The output starts with the 16-byte salt and 16-byte IV, then the ciphertext; the key comes from
// the password and the salt through PBKDF2.
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import process from 'node:process';
import { Transform } from 'node:stream';
import { fail, filterStdin } from './child.mjs';

const usage = 'Usage: enc.mjs [-d] -pass env:NAME | -pass pass:TEXT';
const args = process.argv.slice(2);
const decrypting = args[0] === '-d';
const [flag, source = '', ...extra] = decrypting ? args.slice(1) : args;
if (flag !== '-pass' || extra.length > 0) fail(usage);
const password = source.startsWith('env:')
  ? process.env[source.slice(4)]
  : source.startsWith('pass:')
    ? source.slice(5)
    : undefined;
if (password === undefined) fail(`Cannot read the password: ${source} is not set\n${usage}`);

const keyFor = (salt) => pbkdf2Sync(password, salt, 10_000, 32, 'sha256');
await filterStdin(decrypting ? decrypter() : encrypter());

function encrypter() {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-ctr', keyFor(salt), iv);
  cipher.push(Buffer.concat([salt, iv]));
  return cipher;
}

// Waits for the 32-byte header, then streams the rest through the decipher.
function decrypter() {
  let header = Buffer.alloc(0);
  let decipher;
  return new Transform({
    transform(chunk, _encoding, done) {
      if (decipher) return done(null, decipher.update(chunk));
      header = Buffer.concat([header, chunk]);
      if (header.length < 32) return done();
      decipher = createDecipheriv('aes-256-ctr', keyFor(header.subarray(0, 16)), header.subarray(16, 32));
      done(null, decipher.update(header.subarray(32)));
    },
    flush(done) {
      if (!decipher)
        return done(
          new Error(`Cannot decrypt: the input must start with a 32-byte header, received ${header.length} bytes`),
        );
      done(null, decipher.final());
    },
  });
}
