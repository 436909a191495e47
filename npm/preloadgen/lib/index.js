// The API the integrations are built on: run the binary with arguments, or build a site
// with an options object. Output goes to this process's stdout and stderr; a non-zero exit
// rejects, so a build tool that awaits it fails.
import { spawn } from 'node:child_process';
import { binaryPath } from './binary.js';
import { toFlags } from './flags.js';

export { binaryPath, platformPackages } from './binary.js';
export { toFlags, basePathOf } from './flags.js';

/** The error run and build reject with when preloadgen exits with a non-zero status. */
export class PreloadgenError extends Error {
  constructor(args, code, signal) {
    const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
    super(`preloadgen ${args.join(' ')} ${how}`);
    this.name = 'PreloadgenError';
    this.args = args;
    this.code = code;
    this.signal = signal;
  }
}

/** Runs preloadgen with args; resolves when it exits with 0. */
export function run(args, { cwd, env, stdio = ['ignore', 'inherit', 'inherit'] } = {}) {
  return new Promise((resolve, reject) => {
    let bin;
    try {
      bin = binaryPath(env ?? process.env);
    } catch (err) {
      reject(err);
      return;
    }
    const child = spawn(bin, args, { cwd, env, stdio });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new PreloadgenError(args, code, signal));
    });
  });
}

/** Runs `preloadgen build` on siteDir with the flags of options (see toFlags). */
export function build(siteDir, options = {}, runOptions = {}) {
  return run(['build', ...toFlags(options), siteDir], runOptions);
}
