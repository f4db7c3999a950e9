/**
 * A child process that writes cycles through the real store as fast as it can and prints each
 * committed seq, so a test can SIGKILL it in the middle of a transaction and check what survived.
 * Usage: node crash-writer-child.js <db path>
 */
import { openStore } from '../../src/agent/store/open-store.js';
import { makeSample } from '../helpers/sample-factory.js';

const path = process.argv[2];
if (!path) throw new Error('usage: crash-writer-child <db path>');
const store = openStore({ path });
let ts = Date.now();
for (;;) {
  ts += 10_000;
  const seq = store.writeCycle(makeSample(ts));
  process.stdout.write(`committed ${seq}\n`);
  if (seq % 50 === 0) store.rollUp();
}
