// One mapping from an options object to preloadgen's flags, shared by the API and every
// integration, so that each option the CLI has is an option of each integration without a
// list to keep in step: a camelCase key is the flag's name (maxPreloads: -max-preloads),
// true is the bare flag, false is -flag=false, an array is a comma-separated list.

const aliases = { quiet: 'q', verbose: 'v' };

/**
 * The command-line flags for options, in the order of its keys, each as one -name=value
 * argument (so that a value starting with "-", as in rules: '-capo-order', stays a value).
 * Keys whose value is undefined or null are left out.
 */
export function toFlags(options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('preloadgen: options must be an object');
  }
  const flags = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    const name = aliases[key] ?? key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      throw new TypeError(`preloadgen: option ${JSON.stringify(key)} is not a flag name`);
    }
    switch (typeof value) {
      case 'boolean':
        flags.push(value ? `-${name}` : `-${name}=false`);
        break;
      case 'number':
      case 'bigint':
      case 'string':
        flags.push(`-${name}=${value}`);
        break;
      default:
        if (Array.isArray(value)) {
          flags.push(`-${name}=${value.join(',')}`);
          break;
        }
        throw new TypeError(
          `preloadgen: option ${key}: want a string, number, boolean or array, got ${typeof value}`,
        );
    }
  }
  return flags;
}

/**
 * The -base-path for a site served under base: "/docs/" and "/docs" are "/docs"; "/",
 * "" and a relative ("./") or absolute URL base (assets on another origin) are none.
 */
export function basePathOf(base) {
  if (typeof base !== 'string' || !base.startsWith('/') || base.startsWith('//')) return undefined;
  const trimmed = base.replace(/\/+$/, '');
  return trimmed === '' ? undefined : trimmed;
}
