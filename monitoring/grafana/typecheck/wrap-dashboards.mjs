// Wraps Grafana dashboard JSON files as typed TypeScript constants, so that tsc checks them
// against dashboard-types.ts: node wrap-dashboards.mjs <dashboard.json or folder> <out dir>.
// The JSON goes in as an object literal, not through a JSON import: only a literal gets its
// unknown keys reported and its strings read as the literal types the schema asks for.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [input, outDir] = process.argv.slice(2);
if (!input || !outDir) {
    console.error('usage: node wrap-dashboards.mjs <dashboard.json or folder> <out dir>');
    process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const files = statSync(input).isDirectory()
    ? readdirSync(input).filter((name) => name.endsWith('.json')).map((name) => join(input, name))
    : [input];
mkdirSync(outDir, { recursive: true });
let types = relative(resolve(outDir), join(here, 'dashboard-types')).split('\\').join('/');
if (!types.startsWith('.')) {
    types = './' + types;
}

for (const file of files) {
    // Parsing first turns malformed JSON into a clear error naming the file.
    const dashboard = JSON.parse(readFileSync(file, 'utf8'));
    const name = basename(file, '.json');
    const source = [
        `// Generated from ${basename(file)} by wrap-dashboards.mjs; edit the JSON, not this.`,
        `import type { TributaryDashboard } from '${types}';`,
        '',
        `export const dashboard: TributaryDashboard = ${JSON.stringify(dashboard, null, 2)};`,
        '',
    ].join('\n');
    writeFileSync(join(outDir, `${name}.ts`), source);
    console.log(`${file} -> ${join(outDir, name + '.ts')}`);
}
