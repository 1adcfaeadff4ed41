/**
 * Writes the contract files generated from the code (JSON Schemas and asyncapi.yaml) under
 * libs/contracts, and removes event schemas no longer generated. With --publish, also copies
 * each event schema not yet published to schemas/published/ (never overwriting one).
 *
 *   TSX_TSCONFIG_PATH=tsconfig.base.json node --import tsx libs/contracts/src/tools/generate-schemas.ts [--publish]
 *   npx nx run contracts:generate-schemas [--args=--publish]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { contractFiles, CONTRACTS_ROOT, EVENT_SCHEMAS_DIR, PUBLISHED_DIR, serialize } from './contract-files';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

async function write(path: string, text: string): Promise<boolean> {
  const absolute = join(CONTRACTS_ROOT, path);
  const formatted = await format(text, { ...(await resolveConfig(absolute)), filepath: absolute });
  if (existsSync(absolute) && readFileSync(absolute, 'utf8') === formatted) return false;
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, formatted);
  return true;
}

async function main(publish: boolean): Promise<void> {
  const files = contractFiles();
  const written: string[] = [];
  for (const file of files) if (await write(file.path, serialize(file))) written.push(file.path);

  const generated = new Set(files.map((f) => f.path));
  const stale = filesUnder(join(CONTRACTS_ROOT, EVENT_SCHEMAS_DIR))
    .map((absolute) => relative(CONTRACTS_ROOT, absolute))
    .filter((path) => !generated.has(path));
  for (const path of stale) rmSync(join(CONTRACTS_ROOT, path));

  const published: string[] = [];
  if (publish) {
    for (const file of files.filter((f) => f.path.endsWith('.json'))) {
      const target = join(PUBLISHED_DIR, file.path.replace(/^schemas\//, ''));
      if (!existsSync(join(CONTRACTS_ROOT, target))) {
        await write(target, serialize(file));
        published.push(target);
      }
    }
  }

  const report = (what: string, paths: string[]) =>
    process.stdout.write(`${what}: ${paths.length === 0 ? 'none' : `\n  ${paths.join('\n  ')}`}\n`);
  report('written', written);
  report('removed', stale);
  if (publish) report('published', published);
}

main(process.argv.includes('--publish')).catch((error: unknown) => {
  process.stderr.write(`generate-schemas failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
