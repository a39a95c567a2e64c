// Evaluates generated flag cases with @openfeature/flagd-core and prints JSON (used by FlagdCoreDifferentialTests).
//
//   node evaluate.mjs <cases.json> <utf8|utf16>
//
// cases.json: {"document": "<flagd JSON>", "cases": [{"flag", "type", "fallback", "context"}]}.
// Output: [{"value", "variant", "reason", "errorCode"}], one per case, in order.
//
// utf16 runs flagd-core as published: it hashes the fractional bucket key's UTF-16 code units (imurmurhash).
// utf8 first wraps imurmurhash so it hashes the key's UTF-8 bytes, which is what flagd (Go) hashes; nothing else
// of flagd-core changes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [casesFile, hashing = 'utf16'] = process.argv.slice(2);
if (!casesFile || !['utf8', 'utf16'].includes(hashing)) {
  console.error('usage: node evaluate.mjs <cases.json> <utf8|utf16>');
  process.exit(2);
}

const require = createRequire(import.meta.url);
if (hashing === 'utf8') {
  const path = require.resolve('imurmurhash');
  const Murmur = require(path);
  // A string whose code units are the UTF-8 bytes: imurmurhash then hashes exactly those bytes.
  const asBytes = (key) => (typeof key === 'string' ? Buffer.from(key, 'utf8').toString('latin1') : key);
  function Utf8Murmur(key, seed) {
    return new Murmur(asBytes(key), seed);
  }
  require.cache[path].exports = Utf8Murmur;
}

const { FlagdCore } = require('@openfeature/flagd-core');
const input = JSON.parse(readFileSync(casesFile, 'utf8'));
const silent = { error() {}, warn() {}, info() {}, debug() {} };
const core = new FlagdCore(undefined, silent);
core.setConfigurations(input.document);

const results = input.cases.map(({ flag, type, fallback, context }) => {
  try {
    const r = core.resolve(type, flag, fallback, context, silent);
    return { value: r.value, variant: r.variant ?? null, reason: r.reason ?? null, errorCode: r.errorCode ?? null };
  } catch (e) {
    return { value: fallback, variant: null, reason: 'ERROR', errorCode: e?.code ?? 'GENERAL' };
  }
});
process.stdout.write(JSON.stringify(results));
