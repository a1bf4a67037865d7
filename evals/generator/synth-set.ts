import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFECTS, FULL_FILE_DEFECTS, generatePacket, GENERATOR_VERSION, prng, sha256, type Defect, type PacketOptions } from './generate-packet.js';

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

export interface PlannedPacket extends PacketOptions {
  seed: number;
  defects: Defect[];
}

/** Stress packet sizes in pages: real mortgage files run from a few dozen to 500+ pages. */
export const STRESS_PAGES = [40, 100, 200, 350, 500] as const;

/** Which packets a set holds: derived from the set's seed, so the manifest only records seed and checksums. */
export function planSet(name: string, seed: number, count: number): PlannedPacket[] {
  if (name === 'smoke') {
    return [
      { seed: seed + 1, rendition: 'digital', defects: [] },
      { seed: seed + 2, rendition: 'scanned', defects: ['income_mismatch'] },
      { seed: seed + 3, rendition: 'digital', merged: true, defects: ['missing_document'] },
      { seed: seed + 4, rendition: 'photo', defects: [] },
      { seed: seed + 5, rendition: 'mixed', defects: ['stale_pay_stub', 'unsigned_application'] },
    ];
  }
  if (name === 'stress') {
    // Mostly digital (statements and stubs from online banking and payroll portals), two with scans mixed in.
    return STRESS_PAGES.slice(0, count).map((targetPages, i) => ({
      seed: seed + i + 1,
      rendition: i % 2 === 0 ? 'mixed' : 'digital',
      merged: true,
      targetPages,
      defects: i === 4 ? ['large_deposit'] : [],
    }));
  }
  const rand = prng(seed);
  // unseen-layouts: the standard set's mix of renditions, every document in a held-out layout family, the whole
  // lending file (more types, distractors) and its defects too.
  const unseen = name === 'unseen-layouts';
  const layouts = unseen ? { layouts: 'held-out' as const, fullFile: true } : {};
  const defectPool: readonly Defect[] = unseen ? [...DEFECTS, ...FULL_FILE_DEFECTS] : DEFECTS;
  return Array.from({ length: count }, (_, i) => {
    const r = rand();
    const rendition = name === 'scanned' ? 'scanned' : r < 0.45 ? 'digital' : r < 0.7 ? 'scanned' : r < 0.8 ? 'photo' : 'mixed';
    const merged = rand() < (name === 'scanned' ? 0.2 : 0.25);
    // About 40% of packets clean, 45% with one defect, 15% with two.
    const d = rand();
    const count = d < 0.4 ? 0 : d < 0.85 ? 1 : 2;
    const defects: Defect[] = [];
    while (defects.length < count) {
      const pickDefect = defectPool[Math.floor(rand() * defectPool.length)]!;
      if (!defects.includes(pickDefect)) defects.push(pickDefect);
    }
    return { seed: seed + i + 1, rendition, merged, defects, ...layouts };
  });
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
    const packet = await generatePacket(plan.seed, plan);
    const dir = path.join(outDir, packet.truth.packetId);
    await mkdir(dir, { recursive: true });
    for (const [file, bytes] of packet.files) await writeFile(path.join(dir, file), bytes);
    const truth = `${JSON.stringify(packet.truth, null, 2)}\n`;
    await writeFile(path.join(dir, 'truth.json'), truth);
    // The manifest goes last: the drop-folder intake treats its presence as "packet complete".
    await writeFile(path.join(dir, 'manifest.json.tmp'), JSON.stringify(packet.manifest, null, 2));
    await rename(path.join(dir, 'manifest.json.tmp'), path.join(dir, 'manifest.json'));
    checksums[packet.truth.packetId] = sha256(truth);
    pages += packet.truth.files.reduce((n, f) => n + f.pages, 0);
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
