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

/**
 * "First Last" (or "First Middle Last"): an applicant as `docket process --borrower` takes one. The last word is the
 * last name.
 */
export function applicantOf(name: string, role: 'borrower' | 'co-borrower'): { role: 'borrower' | 'co-borrower'; firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) throw new Error(`--borrower "${name}": give a first and a last name`);
  return { role, firstName: words.slice(0, -1).join(' '), lastName: words.at(-1)! };
}

/**
 * Turns local files into a packet folder (copies + manifest.json) the folder connector reads. Applicants are optional:
 * without them the borrower is whoever the application (or, without one, most documents) names.
 */
export async function buildLocalPacket(files: string[], tenantId: string, dir: string, applicants: ReturnType<typeof applicantOf>[] = []): Promise<string> {
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
    applicants,
    documents,
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}
