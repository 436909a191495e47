/**
 * Options of `preloadgen build`, one key per flag (`preloadgen build -h`): a camelCase key
 * is the flag's name (maxPreloads: -max-preloads), true the bare flag, false -flag=false, an
 * array a comma-separated list. Undefined and null leave a flag out.
 */
export interface PreloadgenOptions {
  /** Hints per page and hint set; 0: none. */
  maxPreloads?: number;
  /** Font hints per page; 0: none. */
  maxFonts?: number;
  /** Bytes of hinted resources per page beyond the blocking CSS. */
  maxBytes?: number;
  /** Bytes of hints that neither the first paint nor the LCP needs, per page. */
  yieldBytes?: number;
  /** Add rel=prefetch hints for dynamic-import chunks. */
  prefetch?: boolean;
  /** URL prefix the site is served under (e.g. "/docs"); the integrations take it from the tool's base. */
  basePath?: string;
  /** Settings file (default SITE_DIR/preloadgen.json if present). */
  config?: string;
  /** Where the server configs go (default ./preloadgen-config, relative to the working directory). */
  configDir?: string;
  /** Config formats (default all). */
  emit?: Array<'nginx' | 'caddy' | 'go' | 'headers' | 'json'> | string;
  /** Write a copy of the site with the rewritten pages here instead of rewriting in place. */
  out?: string;
  /** Change nothing; exit 1 (fail the build) if a build would change pages. */
  check?: boolean;
  /** Also make audit's safe repairs to the pages' own markup. */
  fix?: boolean;
  /** -q */
  quiet?: boolean;
  /** -v */
  verbose?: boolean;
  json?: boolean;
  /** Any other flag of `preloadgen build`. */
  [flag: string]: string | number | bigint | boolean | string[] | undefined | null;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Default: stdin ignored, stdout and stderr inherited. */
  stdio?: import('node:child_process').StdioOptions;
}

/** Rejected by run and build when preloadgen exits with a non-zero status. */
export class PreloadgenError extends Error {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The platform packages, keyed by `${process.platform} ${process.arch}`. */
export const platformPackages: Readonly<Record<string, string>>;

/** PRELOADGEN_BINARY when set, else the binary of this platform's package; throws when there is none. */
export function binaryPath(env?: NodeJS.ProcessEnv, platform?: string, arch?: string): string;

/** The flags for options, each as one -name=value argument. */
export function toFlags(options?: PreloadgenOptions): string[];

/** The -base-path for a tool's base ("/docs/" -> "/docs"; "/", relative and absolute URLs -> undefined). */
export function basePathOf(base: string | undefined): string | undefined;

/** Runs preloadgen with args; resolves when it exits with 0. */
export function run(args: string[], options?: RunOptions): Promise<void>;

/** Runs `preloadgen build` on siteDir with the flags of options. */
export function build(siteDir: string, options?: PreloadgenOptions, runOptions?: RunOptions): Promise<void>;
