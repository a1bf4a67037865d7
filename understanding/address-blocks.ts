import { unionBBox, type BBox, type Line, type PageText, type Word } from '../core/page.js';
import { splitRuns, wordsOf } from './line-runs.js';

/**
 * A mailing block as every mailed document prints it, labels or not: a name, a street line, a city line ("TATUM
 * YARBOROUGH / 2702 LARKSPUR LANE / MILLBROOK PA 19990"), or the name over one line holding the whole address. Found
 * by shape and alignment only, so it reads the addressee of a statement, a pay stub or a bill whose layout nobody
 * here has seen.
 */
export interface AddressBlock {
  page: number;
  name: string;
  nameWords: Word[];
  /** The address as one line, "street, city, ST 12345" (cased as printed). */
  address: string;
  addressWords: Word[];
  /** The lines as printed, for evidence. */
  evidence: string;
}

/** Lines of one block start this close to each other's left edge (fraction of the page width). */
const ALIGN = 0.02;
/** The next line of a block starts within this many line heights under the one before. */
const LEADING = 1.8;

/** "MILLBROOK PA 19990", "Lantern Falls, CO 80999", "Eastwick, OH 44999-1234". */
const CITY_LINE = /^(?<city>[A-Za-z][A-Za-z .'-]*?[A-Za-z.]),?\s+(?<state>[A-Z]{2})\.?,?\s+(?<zip>\d{5}(?:-\d{4})?)$/;
/** "2702 LARKSPUR LANE", "12B Mill Rd Apt 4", "PO Box 118". */
const STREET_LINE = /^(?:\d+[A-Za-z]?\s+[A-Za-z0-9].*|p\.?\s*o\.?\s*box\s+\d+.*)$/i;
/** "7930 Aster Bend Avenue, Lantern Falls, CO 80999": street and city on one line. */
const ONE_LINE = /^(?<street>(?:\d+[A-Za-z]?\s+[A-Za-z0-9][^,]*|p\.?\s*o\.?\s*box\s+\d+[^,]*)),\s*(?<city>.+)$/i;

interface Segment {
  text: string;
  words: Word[];
  box: BBox;
}

/** Every mailing block on the pages, in reading order. */
export function findAddressBlocks(pages: PageText[]): AddressBlock[] {
  const blocks: AddressBlock[] = [];
  for (const page of pages) {
    const segments = page.lines.flatMap(segmentsOf);
    for (const seg of segments) {
      const city = cityLine(seg.text);
      const oneLine = city ? undefined : ONE_LINE.exec(seg.text);
      const oneLineCity = oneLine ? cityLine(oneLine.groups!.city!.trim()) : undefined;
      if (!city && !oneLineCity) continue;
      let addressSegs: Segment[];
      let address: string;
      if (city) {
        const street = segmentAbove(segments, seg);
        if (!street || !STREET_LINE.test(street.text)) continue;
        addressSegs = [street, seg];
        address = `${street.text.replace(/,$/, '')}, ${city}`;
      } else {
        addressSegs = [seg];
        address = `${oneLine!.groups!.street!.trim()}, ${oneLineCity}`;
      }
      const name = segmentAbove(segments, addressSegs[0]!);
      if (!name || /\d/.test(name.text)) continue;
      blocks.push({
        page: page.pageNumber,
        name: name.text,
        nameWords: name.words,
        address,
        addressWords: addressSegs.flatMap((s) => s.words),
        evidence: [name, ...addressSegs].map((s) => s.text).join(' / '),
      });
    }
  }
  return blocks;
}

/** "MILLBROOK PA 19990" as "MILLBROOK, PA 19990"; undefined when the text is no city line. */
function cityLine(text: string): string | undefined {
  const m = CITY_LINE.exec(text);
  return m ? `${m.groups!.city!.replace(/,$/, '')}, ${m.groups!.state} ${m.groups!.zip}` : undefined;
}

/** A line's words cut into segments at column gaps. */
function segmentsOf(line: Line): Segment[] {
  return splitRuns(wordsOf(line)).map((ws) => ({ text: ws.map((w) => w.text).join(' ').trim(), words: ws, box: ws.map((w) => w.bbox).reduce(unionBBox) }));
}

/**
 * The block's line before `seg`: the nearest segment above, from its word that starts where `seg` starts ("Member:
 * Tatum Caldera" over an address indented under the name gives "Tatum Caldera").
 */
function segmentAbove(segments: Segment[], seg: Segment): Segment | undefined {
  const height = seg.box.h;
  const above = segments
    .filter((s) => s !== seg && s.box.y < seg.box.y && seg.box.y - (s.box.y + s.box.h) < height * LEADING)
    .sort((a, b) => b.box.y - a.box.y);
  for (const s of above) {
    const from = s.words.findIndex((w) => Math.abs(w.bbox.x - seg.box.x) <= ALIGN);
    if (from < 0) continue;
    const words = s.words.slice(from);
    return { text: words.map((w) => w.text).join(' ').trim(), words, box: words.map((w) => w.bbox).reduce(unionBBox) };
  }
  return undefined;
}
