/**
 * The facts of one invented loan file: who applies, where they work, what they earn, what they own. Every document
 * of a packet is drawn from one story, so values agree across documents unless a defect changes one on purpose.
 * Invented people only: names from fixed lists, SSNs in the never-issued 9xx range, ZIP codes ending in 99x.
 */

/** mulberry32: small, fast, good enough for test data. Same seed, same sequence, on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
export const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
/** Fisher-Yates in place, from the last item down (the order the generator's seeded outputs depend on). */
export function shuffle<T>(rand: Rand, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const FIRST = ['Avery', 'Rowan', 'Jordan', 'Emerson', 'Harper', 'Quinn', 'Sawyer', 'Marlowe', 'Tatum', 'Ellis', 'Imogen', 'Desmond', 'Priya', 'Mateo', 'Noor', 'Callum', 'Beatrix', 'Tobias', 'Lucia', 'Anders'];
const MIDDLE = ['J', 'M', 'R', 'K', 'L', 'T', 'A', 'E'];
const LAST = ['Quinlan', 'Pelliday', 'Ashworth', 'Brightwater', 'Caldera', 'Dunmore', 'Fairbrook', 'Halloran', 'Kestrel', 'Vantreight', 'Okonkwo-Reyes', 'Lindqvist', 'Marchetti', 'Szabo', 'Thistlewood', 'Underhill', 'Yarborough', 'Zielinski'];
const EMPLOYERS = [
  { name: 'Cobalt Ridge Logistics Inc.', positions: ['Dispatch Supervisor', 'Fleet Analyst'] },
  { name: 'Northwind Harbor Supply LLC', positions: ['Purchasing Manager', 'Warehouse Lead'] },
  { name: 'Silverpine Dental Group', positions: ['Dental Hygienist', 'Office Manager'] },
  { name: 'Meridian Fieldworks Co.', positions: ['Project Engineer', 'Site Coordinator'] },
  { name: 'Bluefen Analytics Ltd.', positions: ['Data Analyst', 'Account Executive'] },
  { name: 'Granite Spur Medical Center', positions: ['Registered Nurse', 'Lab Technician'] },
  { name: 'Tidewater Municipal Schools', positions: ['Teacher', 'Facilities Manager'] },
  { name: 'Copperleaf Software Corp.', positions: ['Software Engineer', 'Support Specialist'] },
] as const;
const BANKS = ['First Larkspur Bank', 'Harborline Credit Union', 'Summit Trust Savings', 'Prairie Gate National Bank'];
const STREETS = ['Juniper Court', 'Larkspur Lane', 'Old Mill Road', 'Harbor View Drive', 'Quarry Hill Way', 'Wren Hollow Street', 'Aster Bend Avenue', 'Cinder Point Road'];
const TOWNS = [
  { city: 'Millbrook', state: 'PA', zip: '19990' },
  { city: 'Eastwick', state: 'OH', zip: '44999' },
  { city: 'Fernvale', state: 'OR', zip: '97999' },
  { city: 'Cedar Bluff', state: 'NC', zip: '27999' },
  { city: 'Lantern Falls', state: 'CO', zip: '80999' },
  { city: 'Goldmere', state: 'TX', zip: '75999' },
];

export interface Address {
  street: string;
  city: string;
  state: string;
  zip: string;
}
export const oneLine = (a: Address) => `${a.street}, ${a.city}, ${a.state} ${a.zip}`;

export interface Person {
  first: string;
  middle: string;
  last: string;
  ssn: string;
  dob: Date;
}
export const fullName = (p: Person) => `${p.first} ${p.last}`;

export interface Story {
  borrower: Person;
  coBorrower?: Person;
  address: Address;
  employer: { name: string; address: Address; ein: string; phone: string; position: string; hireDate: Date };
  /** Annual base salary, whole dollars. */
  annual: number;
  bank: { name: string; accountNumber: string; address: Address };
  property: Address;
  loanPurpose: 'Purchase' | 'Refinance';
  loanAmount: number;
  applicationDate: Date;
  id: { state: string; number: string; issued: Date; expires: Date };
}

function address(rand: Rand): Address {
  const town = pick(rand, TOWNS);
  return { street: `${int(rand, 10, 9890)} ${pick(rand, STREETS)}`, ...town };
}

function person(rand: Rand, last?: string): Person {
  return {
    first: pick(rand, FIRST),
    middle: pick(rand, MIDDLE),
    last: last ?? pick(rand, LAST),
    ssn: `9${int(rand, 10, 99)}-${int(rand, 10, 99)}-${int(rand, 1000, 9999)}`,
    dob: utc(int(rand, 1962, 2000), int(rand, 0, 11), int(rand, 1, 28)),
  };
}

export const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));
export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

export function makeStory(rand: Rand): Story {
  const borrower = person(rand);
  const coBorrower = rand() < 0.35 ? person(rand, rand() < 0.7 ? borrower.last : undefined) : undefined;
  const employer = pick(rand, EMPLOYERS);
  const annual = Math.round((42_000 + rand() * 118_000) / 100) * 100;
  const applicationDate = utc(2026, int(rand, 1, 9), int(rand, 1, 28));
  return {
    borrower,
    coBorrower,
    address: address(rand),
    employer: {
      name: employer.name,
      address: address(rand),
      ein: `9${int(rand, 0, 9)}-${int(rand, 1000000, 9999999)}`,
      phone: `(555) ${int(rand, 200, 999)}-${int(rand, 1000, 9999)}`,
      position: pick(rand, employer.positions),
      hireDate: addDays(applicationDate, -int(rand, 400, 4000)),
    },
    annual,
    bank: { name: pick(rand, BANKS), accountNumber: String(int(rand, 10_000_000, 99_999_999)) + String(int(rand, 10, 99)), address: address(rand) },
    property: address(rand),
    loanPurpose: rand() < 0.7 ? 'Purchase' : 'Refinance',
    loanAmount: Math.round((annual * (2.2 + rand() * 2.3)) / 1000) * 1000,
    applicationDate,
    id: {
      state: pick(rand, TOWNS).state,
      number: `${String.fromCharCode(65 + int(rand, 0, 25))}${int(rand, 1000000, 9999999)}`,
      issued: addDays(applicationDate, -int(rand, 100, 1500)),
      expires: addDays(applicationDate, int(rand, 200, 1800)),
    },
  };
}

/** Other invented values a defect may swap in. */
export const otherPerson = (rand: Rand) => person(rand);
export const otherAddress = (rand: Rand) => address(rand);
export function otherEmployer(rand: Rand, not: string): string {
  return pick(rand, EMPLOYERS.filter((e) => e.name !== not)).name;
}

export const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const plainMoney = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Dates as different issuers print them; every style is one core/normalize.ts reads. */
export type DateStyle = 'us' | 'iso' | 'long' | 'short';
export function fmtDate(d: Date, style: DateStyle = 'us'): string {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  if (style === 'iso') return `${y}-${String(m + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (style === 'long') return `${MONTH_NAMES[m]} ${day}, ${y}`;
  if (style === 'short') return `${MONTH_NAMES[m]!.slice(0, 3)} ${day}, ${y}`;
  return `${String(m + 1).padStart(2, '0')}/${String(day).padStart(2, '0')}/${y}`;
}
export const isoDate = (d: Date) => fmtDate(d, 'iso');
export const monthName = (d: Date) => `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
