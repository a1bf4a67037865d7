/** For tests and the hostile corpus: LZW data as PDF's LZWDecode reads it (inference/pdf-filters.ts). */

/** PDF LZW codes (9-12 bits, early change) for a list of code values, packed most significant bit first. */
export function packLzw(codes: number[]): Buffer {
  const out: number[] = [];
  let acc = 0;
  let held = 0;
  let next = 258;
  let width = 9;
  let afterClear = true;
  for (const code of codes) {
    acc = (acc << width) | code;
    held += width;
    while (held >= 8) {
      out.push((acc >>> (held - 8)) & 0xff);
      held -= 8;
    }
    acc &= (1 << held) - 1;
    if (code === 256) {
      next = 258;
      width = 9;
      afterClear = true;
      continue;
    }
    // As the decoder does: the first code after a clear defines nothing; each later one defines the next code.
    if (code !== 257 && !afterClear && next < 4096) next++;
    afterClear = false;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  if (held) out.push((acc << (8 - held)) & 0xff);
  return Buffer.from(out);
}

/** An LZW bomb: 0, then each new code (the last sequence plus one zero byte), over and over after each clear. */
export function lzwBomb(rounds: number): Buffer {
  const codes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    codes.push(256, 0);
    // The first new code a decoder defines after "0" is 258 = "00"; 258 then defines 259 = "000", and so on.
    for (let c = 258; c < 4094; c++) codes.push(c);
  }
  codes.push(257);
  return packLzw(codes);
}
