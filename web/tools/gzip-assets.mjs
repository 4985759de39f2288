// gzip-assets.mjs - a Vite plugin that writes NAME.gz beside every compressible
// file of the build output, so `zjtx serve` can answer Accept-Encoding: gzip
// with a precompressed file instead of compressing on each request.
// Uses only node:zlib; files smaller than 512 bytes or that do not shrink are skipped.
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|json|geojson|svg|txt|map)$/;

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Gzips the compressible files under dir; returns [{file, size, gzip}]. */
export function gzipDir(dir) {
  const report = [];
  for (const file of walk(dir, [])) {
    if (!COMPRESSIBLE.test(file)) continue;
    const raw = readFileSync(file);
    const gz = file + '.gz';
    if (existsSync(gz)) unlinkSync(gz);
    if (raw.length < 512) continue;
    const packed = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    if (packed.length >= raw.length) continue;
    writeFileSync(gz, packed);
    report.push({ file, size: raw.length, gzip: packed.length });
  }
  return report;
}

export default function gzipAssets() {
  let outDir;
  return {
    name: 'zjtx-gzip-assets',
    apply: 'build',
    configResolved(cfg) {
      outDir = cfg.build.outDir;
    },
    closeBundle() {
      const r = gzipDir(outDir);
      const total = r.reduce((a, x) => a + x.gzip, 0);
      console.log(`gzip: ${r.length} files precompressed, ${(total / 1024).toFixed(1)} KiB gzipped`);
    },
  };
}
