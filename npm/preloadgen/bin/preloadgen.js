#!/usr/bin/env node
// npx preloadgen ...: runs the platform's binary with the same arguments, stdin, stdout and
// stderr, and exits as it exited. Signals sent to this process are passed on (watch and
// serve stop cleanly on SIGINT and SIGTERM); when the binary dies of a signal, so does this.
import { spawn } from 'node:child_process';
import { binaryPath } from '../lib/binary.js';

let bin;
try {
  bin = binaryPath();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const child = spawn(bin, process.argv.slice(2), { stdio: 'inherit' });
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const sig of signals) process.on(sig, () => child.kill(sig));
child.on('error', (err) => {
  console.error(`preloadgen: ${bin}: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    for (const sig of signals) process.removeAllListeners(sig);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
