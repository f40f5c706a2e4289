/**
 * Builds the static console into web/dist. Output is content-hashed so the CDN can cache assets
 * forever while index.html (and the deploy-time config.json, never written here) stay uncached.
 *
 *   npx tsx web/build.ts [--outdir <dir>]
 */
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const webDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(webDir, '..');

/** Kept across rebuilds: locally the runtime may have placed it in the output directory. */
const RUNTIME_FILES = new Set(['config.json']);

export interface BuildResult {
  /** The larger of the two first loads below: what the budget is checked against. */
  initialJsGzipBytes: number;
  /** Per app the entry picks at start: `staff` (the console shell) and `portal` (customer pages). */
  surfaces: Record<string, number>;
  /** The holiday rules, fetched only when an admin imports holidays (not part of any first load). */
  holidayRulesGzipBytes: number;
}

/** Empties outdir except files owned by the runtime, so stale hashed assets don't pile up. */
async function cleanOutdir(outdir: string): Promise<void> {
  await mkdir(outdir, { recursive: true });
  for (const entry of await readdir(outdir)) {
    if (!RUNTIME_FILES.has(entry)) await rm(join(outdir, entry), { recursive: true, force: true });
  }
}

/** A chunk plus every chunk it imports statically (what the browser fetches before it runs). */
function staticClosure(metafile: Metafile, start: string, seen = new Set<string>()): Set<string> {
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(start);
  return seen;
}

/** Entry chunk plus every chunk it imports statically: what index.html preloads. */
function initialJsFiles(metafile: Metafile, entryOutput: string): string[] {
  return [...staticClosure(metafile, entryOutput)];
}

/**
 * The entry picks one app at start (staff console or customer pages) and imports it at once, so
 * each app's first load is the entry's closure plus that app's closure. Pages inside an app load later.
 */
function surfaceFiles(metafile: Metafile, entryOutput: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const imported of metafile.outputs[entryOutput]?.imports ?? []) {
    if (imported.kind !== 'dynamic-import' || imported.external) continue;
    const source = metafile.outputs[imported.path]?.entryPoint ?? imported.path;
    const name = /portal/i.test(source) ? 'portal' : /App\.tsx$/.test(source) ? 'staff' : source;
    out[name] = [...staticClosure(metafile, imported.path, staticClosure(metafile, entryOutput))];
  }
  return out;
}

function indexHtml(scripts: { entry: string; preloads: string[]; css?: string }): string {
  const preloadTags = scripts.preloads.map((href) => `    <link rel="modulepreload" href="${href}">\n`).join('');
  const cssTag = scripts.css ? `    <link rel="stylesheet" href="${scripts.css}">\n` : '';
  // No inline script or style, so a strict CSP (script-src 'self'; style-src 'self') applies as is.
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light">
    <title>Loopdesk</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml">
${cssTag}${preloadTags}    <script type="module" src="${scripts.entry}"></script>
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>
`;
}

/**
 * The holiday rules (date-holidays with its CommonJS dependencies and time zone data) are built on
 * their own. Split from the console in one build, esbuild's CommonJS helpers would land in a chunk
 * that every page, the first load included, imports. The console imports this file by its URL.
 */
async function buildHolidayLibrary(absOutdir: string): Promise<string> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: { holidays: join(webDir, 'src/admin/holiday-library.ts') },
    outdir: absOutdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    entryNames: 'assets/[name]-[hash]',
    tsconfig: join(repoRoot, 'tsconfig.json'),
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const output = Object.keys(result.metafile.outputs).find((file) => file.endsWith('.js'));
  if (!output) throw new Error('esbuild produced no holiday library');
  return output;
}

export async function buildConsole({ outdir }: { outdir: string }): Promise<BuildResult> {
  const absOutdir = resolve(outdir);
  await cleanOutdir(absOutdir);
  const toUrl = (metaPath: string) => `/${relative(absOutdir, resolve(repoRoot, metaPath)).split('\\').join('/')}`;
  const holidayLibrary = await buildHolidayLibrary(absOutdir);

  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [join(webDir, 'src/main.tsx')],
    outdir: absOutdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    entryNames: 'assets/[name]-[hash]',
    chunkNames: 'assets/chunk-[hash]',
    assetNames: 'assets/[name]-[hash]',
    tsconfig: join(repoRoot, 'tsconfig.json'),
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'linked',
    logLevel: 'warning',
    define: { LOOPDESK_HOLIDAY_LIBRARY_URL: JSON.stringify(toUrl(holidayLibrary)) },
  });

  const outputs = Object.entries(result.metafile.outputs);
  const entry = outputs.find(([, out]) => out.entryPoint !== undefined && out.entryPoint.endsWith('main.tsx'));
  if (!entry) throw new Error('esbuild produced no entry chunk for main.tsx');
  const [entryPath, entryMeta] = entry;

  const initial = initialJsFiles(result.metafile, entryPath);

  await writeFile(
    join(absOutdir, 'index.html'),
    indexHtml({
      entry: toUrl(entryPath),
      preloads: initial.filter((f) => f !== entryPath).map(toUrl),
      ...(entryMeta.cssBundle ? { css: toUrl(entryMeta.cssBundle) } : {}),
    }),
  );
  await copyFile(join(webDir, 'public/favicon.svg'), join(absOutdir, 'favicon.svg'));

  const gzipBytes = async (files: string[]) => {
    let total = 0;
    for (const file of files) total += gzipSync(await readFile(resolve(repoRoot, file)), { level: 9 }).length;
    return total;
  };
  const surfaces: Record<string, number> = {};
  for (const [name, files] of Object.entries(surfaceFiles(result.metafile, entryPath))) surfaces[name] = await gzipBytes(files);
  const initialJsGzipBytes = Math.max(await gzipBytes(initial), ...Object.values(surfaces));
  return { initialJsGzipBytes, surfaces, holidayRulesGzipBytes: await gzipBytes([holidayLibrary]) };
}

function outdirFromArgs(argv: string[]): string {
  const flag = argv.indexOf('--outdir');
  const value = flag >= 0 ? argv[flag + 1] : undefined;
  return value ? resolve(value) : join(webDir, 'dist');
}

const isCli = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isCli) {
  const outdir = outdirFromArgs(process.argv.slice(2));
  const { initialJsGzipBytes, surfaces, holidayRulesGzipBytes } = await buildConsole({ outdir });
  const kb = (initialJsGzipBytes / 1024).toFixed(1);
  console.log(`console built into ${relative(process.cwd(), outdir) || '.'}`);
  console.log(`initial JS: ${kb} KB gzipped (${initialJsGzipBytes} bytes, budget 100 KB)`);
  for (const [name, bytes] of Object.entries(surfaces)) console.log(`  ${name}: ${(bytes / 1024).toFixed(1)} KB gzipped`);
  console.log(`on demand: holiday rules ${(holidayRulesGzipBytes / 1024).toFixed(1)} KB gzipped (admin holiday import only)`);
  if (initialJsGzipBytes > 100 * 1024) {
    console.error('initial JavaScript exceeds the 100 KB gzip budget');
    process.exitCode = 1;
  }
}
