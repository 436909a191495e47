// Finds the preloadgen binary the way esbuild finds its own: the binary ships in one npm
// package per platform (@preloadgen/linux-x64, ...), each limited by its "os" and "cpu"
// fields, all of them optional dependencies of this package, so that npm installs only the
// one that runs here. PRELOADGEN_BINARY overrides the search (a binary built from source,
// or one for a platform without a package).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The platform packages, keyed by `${process.platform} ${process.arch}`. */
export const platformPackages = {
  'darwin arm64': '@preloadgen/darwin-arm64',
  'darwin x64': '@preloadgen/darwin-x64',
  'linux arm64': '@preloadgen/linux-arm64',
  'linux x64': '@preloadgen/linux-x64',
  'win32 arm64': '@preloadgen/win32-arm64',
  'win32 x64': '@preloadgen/win32-x64',
};

const fromSource = 'go install github.com/preloadgen/preloadgen/cmd/preloadgen@latest';

/**
 * The path of the preloadgen binary to run: PRELOADGEN_BINARY when set, else the binary of
 * the platform package for this platform. Throws an Error that says what to do when there
 * is none.
 */
export function binaryPath(env = process.env, platform = process.platform, arch = process.arch) {
  const override = env.PRELOADGEN_BINARY;
  if (override) {
    if (!fs.existsSync(override)) {
      throw new Error(`preloadgen: PRELOADGEN_BINARY=${override}: no such file`);
    }
    return path.resolve(override);
  }
  const key = `${platform} ${arch}`;
  const pkg = platformPackages[key];
  if (!pkg) {
    throw new Error(
      `preloadgen: no binary is published for ${key}.\n` +
        `Build one with \`${fromSource}\` and point PRELOADGEN_BINARY at it.`,
    );
  }
  const sub = platform === 'win32' ? 'preloadgen.exe' : 'bin/preloadgen';
  try {
    return require.resolve(`${pkg}/${sub}`);
  } catch {
    // Not installed: optional dependencies omitted, or node_modules installed on another
    // platform and copied here (a Docker image built from a Mac's node_modules).
    const others = Object.values(platformPackages).filter((p) => p !== pkg && installed(p));
    let why =
      `preloadgen: the package ${pkg}, which carries the binary for ${key}, is not installed.\n` +
      'npm installs it as an optional dependency of preloadgen: do not install with ' +
      '--omit=optional or --no-optional.';
    if (others.length > 0) {
      why +=
        `\n${others.join(', ')} is installed instead: node_modules was installed on another ` +
        'platform. Run npm ci on this one rather than copying node_modules.';
    }
    throw new Error(`${why}\nOr set PRELOADGEN_BINARY to a binary built with \`${fromSource}\`.`);
  }
}

function installed(pkg) {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}
