import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePacket, GENERATOR_VERSION, prng, sha256, type Defect, type Rendition } from './generate-packet.js';

const DATASETS = fileURLToPath(new URL('../datasets/', import.meta.url));

export interface DatasetManifest {
  name: string;
  seed: number;
  generatorVersion: string;
  count: number;
  description: string;
  /** sha256 of each packet's truth.json, by packet id: a regenerated set must match byte for byte. */
  truthSha256: Record<string, string>;
}

interface PlannedPacket {
  seed: number;
  rendition: Rendition;
  defects: Defect[];
}

const DEFECTS: Defect[] = ['missing_document', 'income_mismatch', 'stale_pay_stub'];

/** Which packets a set holds: derived from the set's seed, so the manifest only records seed and checksums. */
export function planSet(name: string, seed: number, count: number): PlannedPacket[] {
  if (name === 'smoke') {
    return [
      { seed: seed + 1, rendition: 'digital', defects: [] },
      { seed: seed + 2, rendition: 'scanned', defects: ['income_mismatch'] },
      { seed: seed + 3, rendition: 'digital', defects: ['missing_document'] },
      { seed: seed + 4, rendition: 'scanned', defects: [] },
      { seed: seed + 5, rendition: 'digital', defects: ['stale_pay_stub'] },
    ];
  }
  const rand = prng(seed);
  return Array.from({ length: count }, (_, i) => ({
    seed: seed + i + 1,
    rendition: name === 'scanned' || rand() < 0.4 ? 'scanned' : 'digital',
    // About half the packets clean, the rest with one defect.
    defects: rand() < 0.5 ? [] : [DEFECTS[Math.floor(rand() * DEFECTS.length)]!],
  }));
}

export async function readManifest(name: string): Promise<DatasetManifest> {
  return JSON.parse(await readFile(path.join(DATASETS, `${name}.json`), 'utf8')) as DatasetManifest;
}

/**
 * Generates a set into `outDir` (one drop-folder packet per sub-folder, plus truth.json) and checks every truth.json
 * against the manifest's checksums. `update` records new checksums instead (after a generator change).
 */
export async function synthSet(name: string, outDir: string, options: { update?: boolean } = {}): Promise<{ packets: number; pages: number; ms: number }> {
  const t0 = performance.now();
  const manifest = await readManifest(name);
  if (manifest.generatorVersion !== GENERATOR_VERSION && !options.update) {
    throw new Error(`${name} was made by generator ${manifest.generatorVersion}, this is ${GENERATOR_VERSION}: regenerate with --update`);
  }
  await rm(outDir, { recursive: true, force: true });
  const checksums: Record<string, string> = {};
  let pages = 0;
  for (const plan of planSet(name, manifest.seed, manifest.count)) {
    const packet = await generatePacket(plan.seed, plan.rendition, plan.defects);
    const dir = path.join(outDir, packet.truth.packetId);
    await mkdir(dir, { recursive: true });
    for (const [file, bytes] of packet.files) await writeFile(path.join(dir, file), bytes);
    const truth = `${JSON.stringify(packet.truth, null, 2)}\n`;
    await writeFile(path.join(dir, 'truth.json'), truth);
    // The manifest goes last: the drop-folder intake treats its presence as "packet complete".
    await writeFile(path.join(dir, 'manifest.json.tmp'), JSON.stringify(packet.manifest, null, 2));
    await rename(path.join(dir, 'manifest.json.tmp'), path.join(dir, 'manifest.json'));
    checksums[packet.truth.packetId] = sha256(truth);
    pages += packet.truth.documents.reduce((n, d) => n + d.pages[1] - d.pages[0] + 1, 0);
  }
  if (options.update) {
    const updated: DatasetManifest = { ...manifest, generatorVersion: GENERATOR_VERSION, truthSha256: checksums };
    await writeFile(path.join(DATASETS, `${name}.json`), `${JSON.stringify(updated, null, 2)}\n`);
  } else {
    for (const [id, sum] of Object.entries(checksums)) {
      if (manifest.truthSha256[id] !== sum) throw new Error(`${name}/${id}: truth.json differs from the manifest (generator not deterministic, or changed)`);
    }
  }
  return { packets: Object.keys(checksums).length, pages, ms: Math.round(performance.now() - t0) };
}
