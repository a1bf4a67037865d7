import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

/** A document's media type by its file name's extension; undefined for an extension no reader takes. */
export function mediaTypeOf(filename: string): string | undefined {
  return MEDIA_TYPES[path.extname(filename).toLowerCase()];
}

/** Turns local files into a packet folder (copies + manifest.json) the folder connector reads. */
export async function buildLocalPacket(files: string[], tenantId: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const documents = [];
  for (const [i, file] of files.entries()) {
    const filename = `${String(i + 1).padStart(3, '0')}-${path.basename(file).replace(/[^A-Za-z0-9._-]/g, '_')}`;
    await copyFile(file, path.join(dir, filename));
    // Unknown extensions are declared as PDF; the reader sniffs the bytes and says what they really are.
    documents.push({ documentId: `doc-${i + 1}`, filename, mediaType: mediaTypeOf(file) ?? 'application/pdf' });
  }
  const manifest = {
    // Unique per run: the local Temporal keeps its history between runs and would refuse a packet id it has seen.
    packetId: `local-${new Date().toISOString().replace(/[^0-9]/g, '')}-${process.pid}`,
    tenantId,
    submittedAt: new Date().toISOString(),
    applicants: [{ firstName: 'Unknown', lastName: 'Applicant' }],
    documents,
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}
