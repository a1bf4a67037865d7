import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildEventFromFolder } from '../../connectors/folder/folder-intake.js';
import type { PacketEventV1 } from '../../core/events.js';
import { unsealIfSealed, type Keyring } from '../../platform/encryption.js';
import type { PacketTruthLike } from './metrics.js';

export interface LoadedPacket {
  event: PacketEventV1;
  truth: PacketTruthLike;
}

/**
 * Every packet folder of an eval set (sorted by name) as the event to start, under the run's tenant, and its truth.
 * With a keyring, sealed manifests, documents and truth files (a reviewed set written with DOCKET_ENCRYPTION_KEY) are
 * opened; plaintext ones (generated sets) are read as they are. A sealed file that will not open stops the load.
 */
export async function loadEvalPackets(dir: string, tenantId: string, keyring?: Keyring): Promise<LoadedPacket[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const packets: LoadedPacket[] = [];
  for (const name of entries) {
    const folder = path.join(dir, name);
    const built = await buildEventFromFolder(folder, keyring ? { keyring } : {});
    if (!built.ok) throw new Error(`${name}: ${built.reason}`);
    const truth = JSON.parse((await unsealIfSealed(await readFile(path.join(folder, 'truth.json')), keyring)).toString('utf8')) as PacketTruthLike;
    packets.push({ event: { ...built.event, tenantId }, truth });
  }
  return packets;
}
