/**
 * The PDF stream filters the preflight (pdf-preflight.ts) runs ahead of pdfjs, each bounded in output, so that a bomb
 * behind another filter (ASCIIHex before Flate), in LZW or RunLength, or under a disguised name costs little: how a
 * stream's filters are named (`/Filter`, a name, an array, or a reference to either; `#xx` escapes and the
 * abbreviations of inline images) and the decoders that can grow their input. Flate itself is zlib's (the preflight).
 */

/** Thrown when a decoder's output would pass its limit. */
export class OutputLimit extends Error {}

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  LZW: 'LZWDecode',
  Fl: 'FlateDecode',
  RL: 'RunLengthDecode',
  CCF: 'CCITTFaxDecode',
  DCT: 'DCTDecode',
};

/** A PDF name as written ("/Fl#61teDecode") as the reader takes it ("FlateDecode"), abbreviations spelt out. */
export function pdfName(written: string): string {
  const name = written.replace(/^\//, '').replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return ABBREVIATIONS[name] ?? name;
}

const NAME = /\/[^\s/[\]<>(){}%]+/g;

/**
 * The filters of a stream, in the order they decode it, from its dictionary's text: `/Filter /X`, `/Filter [/X /Y]`,
 * or `/Filter N G R`, looked up with `resolve` (the object's text). Empty when it has none.
 */
export function filterChain(dict: string, resolve: (objectNumber: number, generation: number) => string | undefined): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[^\s/[\]<>(){}%]+|(\d+)\s+(\d+)\s+R\b)/.exec(dict);
  if (!m) return [];
  let value = m[1]!;
  if (m[2] !== undefined) {
    const target = resolve(Number(m[2]), Number(m[3]));
    if (target === undefined) return [];
    value = /^\s*(\[[^\]]*\]|\/[^\s/[\]<>(){}%]+)/.exec(target)?.[1] ?? '';
  }
  return (value.match(NAME) ?? []).map(pdfName);
}

/** ASCIIHexDecode: hex digits to bytes, white space skipped, `>` ends; an odd last digit is followed by 0. */
export function asciiHex(input: Buffer): Buffer {
  const out = Buffer.alloc(Math.ceil(input.length / 2));
  let n = 0;
  let high = -1;
  for (const c of input) {
    if (c === 0x3e) break;
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  if (high >= 0) out[n++] = high << 4;
  return out.subarray(0, n);
}

/** ASCII85Decode: groups of five characters to four bytes, `z` for four zeros, `~>` ends. At most 4x its input. */
export function ascii85(input: Buffer, limit: number): Buffer {
  // Four bytes a character at most ('z'), and never more than the limit plus the group that passes it.
  const out = Buffer.alloc(Math.min(input.length * 4, limit + 4));
  let n = 0;
  let group: number[] = [];
  const put = (bytes: number[]) => {
    if (n + bytes.length > limit) throw new OutputLimit();
    for (const b of bytes) out[n++] = b;
  };
  const flush = (count: number) => {
    while (group.length < 5) group.push(84);
    let value = 0;
    for (const d of group) value = value * 85 + d;
    put(Array.from({ length: count }, (_, i) => (value >>> (24 - 8 * i)) & 0xff));
    group = [];
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === 0x7e) break;
    if (c === 0x7a && group.length === 0) put([0, 0, 0, 0]);
    else if (c >= 0x21 && c <= 0x75) {
      group.push(c - 0x21);
      if (group.length === 5) flush(4);
    }
  }
  if (group.length > 1) flush(group.length - 1);
  return out.subarray(0, n);
}

/**
 * RunLengthDecode: a length byte then bytes to copy (0-127) or one byte to repeat (129-255); 128 ends. With `keep`
 * false the output is only counted (the last filter of a chain), and an empty buffer comes back; `seen` gets each piece.
 */
export function runLength(input: Buffer, limit: number, keep = true, seen?: (piece: Buffer) => void): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (let i = 0; i < input.length; ) {
    const n = input[i++]!;
    if (n === 128) break;
    const part = n < 128 ? input.subarray(i, i + n + 1) : Buffer.alloc(257 - n, input[i] ?? 0);
    i += n < 128 ? n + 1 : 1;
    total += part.length;
    if (total > limit) throw new OutputLimit();
    seen?.(part);
    if (keep) chunks.push(part);
  }
  return Buffer.concat(chunks);
}

/**
 * LZWDecode as PDF writes it (9 to 12-bit codes, most significant bit first, 256 clear, 257 end, a code width that
 * grows one code early unless /EarlyChange 0). Output past `limit` throws OutputLimit: a few kilobytes of codes can
 * name sequences thousands of bytes long. With `keep` false the output is only counted, and an empty buffer comes back;
 * `seen` gets each decoded sequence.
 */
export function lzw(input: Buffer, limit: number, earlyChange = 1, keep = true, seen?: (piece: Buffer) => void): Buffer {
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    length[i] = 1;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let next = 258;
  let width = 9;
  let prev = -1;
  let bits = 0;
  let held = 0;
  let pos = 0;
  const emit = (code: number): number => {
    const n = length[code]!;
    total += n;
    if (total > limit) throw new OutputLimit();
    let c = code;
    if (!keep && !seen) {
      while (length[c]! > 1) c = prefix[c]!;
      return suffix[c]!;
    }
    const seq = Buffer.alloc(n);
    for (let i = n - 1; i >= 0; c = prefix[c]!, i--) seq[i] = suffix[c]!;
    seen?.(seq);
    if (keep) chunks.push(seq);
    return seq[0]!;
  };
  for (;;) {
    while (held < width && pos < input.length) {
      bits = ((bits << 8) | input[pos++]!) & 0xffffff;
      held += 8;
    }
    if (held < width) break;
    const code = (bits >>> (held - width)) & ((1 << width) - 1);
    held -= width;
    if (code === 256) {
      next = 258;
      width = 9;
      prev = -1;
      continue;
    }
    if (code === 257) break;
    let first: number;
    if (code < 256 || (code >= 258 && code < next)) first = emit(code);
    else if (code === next && prev >= 0) {
      // The code being defined: the previous sequence and its own first byte.
      const head = emit(prev);
      total += 1;
      if (total > limit) throw new OutputLimit();
      seen?.(Buffer.from([head]));
      if (keep) chunks.push(Buffer.from([head]));
      first = head;
    } else break;
    if (prev >= 0 && next < 4096) {
      prefix[next] = prev;
      suffix[next] = first;
      length[next] = Math.min(65535, length[prev]! + 1);
      next++;
    }
    prev = code;
    if (next + earlyChange >= 1 << width && width < 12) width++;
  }
  return Buffer.concat(chunks);
}

/** The frame size a JPEG stream declares in its first SOF segment, or undefined when none is found. */
export function jpegFrameSize(data: Buffer): { width: number; height: number } | undefined {
  if (data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  for (let i = 2; i + 9 < data.length; ) {
    if (data[i] !== 0xff) return undefined;
    const marker = data[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) };
    }
    if ((marker >= 0xd0 && marker <= 0xd9) || marker === 0x01) {
      i += 2;
      continue;
    }
    i += 2 + data.readUInt16BE(i + 2);
  }
  return undefined;
}
