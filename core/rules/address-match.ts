import { DEFAULT_FUZZY, editDistance, foldOcrConfusions, foldText, ocrDigitSlips, tokensAlike, type FuzzyOptions } from './text-match.js';

/**
 * Postal addresses compared after the usual normalization (guideline section 2.5): case and punctuation ignored,
 * street suffixes, directionals and state names abbreviated the USPS way ("Street" = "St", "Pennsylvania" = "PA"),
 * every unit designator read as "#". An address that is only a street line (as on a license) matches a full address
 * with the same street line. House numbers and ZIP codes must agree exactly, unless one side was read by OCR: then a
 * house number one digit off is the same number misread, and a ZIP code alone does not make two addresses differ
 * when their street lines agree (OCR misreads digits far more often than two addresses share a street line).
 */

const ABBREVIATIONS: Record<string, string> = {
  street: 'st', str: 'st', avenue: 'ave', av: 'ave', avn: 'ave', road: 'rd', drive: 'dr', drv: 'dr', lane: 'ln',
  court: 'ct', boulevard: 'blvd', boul: 'blvd', place: 'pl', terrace: 'ter', terr: 'ter', circle: 'cir', highway: 'hwy',
  parkway: 'pkwy', pky: 'pkwy', trail: 'trl', square: 'sq', hollow: 'holw', point: 'pt', bend: 'bnd', hill: 'hl',
  hills: 'hls', view: 'vw', crossing: 'xing', heights: 'hts', mount: 'mt', mountain: 'mtn', ridge: 'rdg',
  expressway: 'expy', freeway: 'fwy', junction: 'jct', lake: 'lk', plaza: 'plz', station: 'sta', valley: 'vly',
  village: 'vlg', center: 'ctr', centre: 'ctr', creek: 'crk', estates: 'ests', falls: 'fls', grove: 'grv',
  harbor: 'hbr', harbour: 'hbr', meadow: 'mdw', meadows: 'mdws', park: 'park', alley: 'aly', landing: 'lndg',
  loop: 'loop', path: 'path', pike: 'pike', row: 'row', run: 'run', walk: 'walk', way: 'way', cove: 'cv',
  north: 'n', south: 's', east: 'e', west: 'w', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
  apartment: '#', apt: '#', suite: '#', ste: '#', unit: '#', room: '#', rm: '#', number: '#', no: '#', floor: 'fl',
  building: 'bldg',
  fort: 'ft', saint: 'st',
};

const STATES: Record<string, string> = {
  alabama: 'al', alaska: 'ak', arizona: 'az', arkansas: 'ar', california: 'ca', colorado: 'co', connecticut: 'ct',
  delaware: 'de', 'district of columbia': 'dc', florida: 'fl', georgia: 'ga', hawaii: 'hi', idaho: 'id', illinois: 'il',
  indiana: 'in', iowa: 'ia', kansas: 'ks', kentucky: 'ky', louisiana: 'la', maine: 'me', maryland: 'md',
  massachusetts: 'ma', michigan: 'mi', minnesota: 'mn', mississippi: 'ms', missouri: 'mo', montana: 'mt',
  nebraska: 'ne', nevada: 'nv', 'new hampshire': 'nh', 'new jersey': 'nj', 'new mexico': 'nm', 'new york': 'ny',
  'north carolina': 'nc', 'north dakota': 'nd', ohio: 'oh', oklahoma: 'ok', oregon: 'or', pennsylvania: 'pa',
  'rhode island': 'ri', 'south carolina': 'sc', 'south dakota': 'sd', tennessee: 'tn', texas: 'tx', utah: 'ut',
  vermont: 'vt', virginia: 'va', washington: 'wa', 'west virginia': 'wv', wisconsin: 'wi', wyoming: 'wy',
  'puerto rico': 'pr',
};
const STATE_NAMES = Object.keys(STATES).sort((a, b) => b.length - a.length);
const WORDS = Object.keys(ABBREVIATIONS).filter((w) => w.length >= 5);

/** The USPS form of a word; a long word one OCR slip away from a known one ("Holow") counts as that word. */
function abbreviate(word: string): string {
  const known = ABBREVIATIONS[word];
  if (known) return known;
  if (word.length < 5 || /\d/.test(word)) return word;
  const folded = foldOcrConfusions(word);
  const near = WORDS.find((w) => editDistance(w, word, 1) <= 1 || editDistance(foldOcrConfusions(w), folded, 1) <= 1);
  return near ? ABBREVIATIONS[near]! : word;
}

export interface ParsedAddress {
  /** Tokens of the street line (before the first comma; everything when there is none). */
  street: string[];
  /** Every token, street line first. */
  all: string[];
  /** Five-digit ZIP, when printed. */
  zip?: string;
  /** True when the text had a comma, so `street` is known to be only the street line. */
  delimited: boolean;
}

export function parseAddress(text: string): ParsedAddress | undefined {
  let t = foldText(text).replace(/#/g, ' # ').replace(/[.']/g, '');
  // Full state names in the last part (after the last comma) become their codes.
  const lastComma = t.lastIndexOf(',');
  if (lastComma >= 0) {
    let tail = t.slice(lastComma + 1);
    for (const name of STATE_NAMES) tail = tail.replace(new RegExp(`\\b${name}\\b`), STATES[name]!);
    t = t.slice(0, lastComma + 1) + tail;
  }
  const zips = [...t.matchAll(/\b(\d{5})(?:-\d{4})?\b/g)];
  const segments = t
    .split(',')
    .map((s) =>
      s
        .replace(/\b(\d{5})-\d{4}\b/g, '$1')
        .split(/[^a-z0-9#]+/)
        .filter(Boolean)
        .map(abbreviate),
    )
    .filter((s) => s.length > 0);
  if (!segments.length) return undefined;
  const all = segments.flat();
  const zip = zips.length && segments.length > 1 ? zips[zips.length - 1]![1] : undefined;
  return { street: segments[0]!, all, zip, delimited: segments.length > 1 };
}

function startsWith(whole: readonly string[], prefix: readonly string[], options: FuzzyOptions): boolean {
  return prefix.length > 0 && prefix.length <= whole.length && prefix.every((t, i) => tokensAlike(t, whole[i]!, options));
}

export interface AddressMatchOptions extends FuzzyOptions {
  /** Either address was read by OCR: tolerate the digit slips above. */
  ocr?: boolean;
}

/** True when both texts can be the same address; undefined when either is not an address. */
export function addressesMatch(a: string, b: string, options: AddressMatchOptions = DEFAULT_FUZZY): boolean | undefined {
  const x = parseAddress(a);
  const y = parseAddress(b);
  if (!x || !y) return undefined;
  if (x.zip && y.zip && x.zip !== y.zip && !options.ocr) return false;
  const [hx, hy] = [x.all[0]!, y.all[0]!];
  if (/^\d/.test(hx) && /^\d/.test(hy) && hx !== hy && !(options.ocr && ocrDigitSlips(hx, hy))) return false;
  if (options.ocr && /^\d/.test(hx) && /^\d/.test(hy) && hx !== hy) {
    // Compare the rest of the street line as if the misread number were the same.
    return addressesMatch(a.replace(hx, hy), b, options);
  }
  if (x.delimited && y.delimited) {
    // Both full: same street line, where one may carry a unit the other leaves out.
    return startsWith(x.street, y.street, options) || startsWith(y.street, x.street, options);
  }
  // One is a street line (or run together without commas): it must open the other.
  return startsWith(y.all, x.street, options) || startsWith(x.all, y.street, options);
}
