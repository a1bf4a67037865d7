import { dayNumber, dayOfYear } from './calendar.js';
import { employersMatch } from './employer-match.js';
import type { FactDocument, PacketFacts } from './packet-facts.js';
import { borrowerDocs, type PacketPeople } from './packet-people.js';
import { dateOf, fieldEvidence, fieldOf, formatMoney, moneyOf, textOf, type RuleEvidence } from './rule.js';

/**
 * The borrower's annual income as each document states it (guideline sections 4.2-4.4): the application's monthly
 * income x 12, the latest tax year's W-2 wages, the latest pay stub's current gross x pay periods per year and its
 * year-to-date gross annualized by the day of the year, and the verification of employment's salary. Documents of a
 * co-borrower are left out. With several current employers, each employer's figure is summed.
 */

export type IncomeSource = 'application' | 'w2' | 'pay_stub_current' | 'pay_stub_ytd' | 'voe';

export interface IncomeFigure {
  source: IncomeSource;
  /** Annual dollars. */
  annual: number;
  /** How the figure was computed, for the message ("W-2 2025 wages $61,200.00"). */
  detail: string;
  /**
   * Extra relative tolerance this figure needs: a year-to-date total annualized by the day of the year can be off
   * by one pay period (period days / day of year), so early-year figures get more room.
   */
  allowance: number;
  docs: FactDocument[];
  evidence: RuleEvidence[];
}

export interface IncomeFigureParams {
  /** Pay periods per year when the stubs do not show the frequency (one stub, irregular dates): 26 = biweekly. */
  defaultPeriodsPerYear: number;
  /** Year-to-date figures before this day of the year are too coarse to annualize and are left out. */
  ytdMinDayOfYear: number;
  /** Stubs of another employer count as current income when paid within this many days of the latest stub. */
  currentStubWindowDays: number;
}

export const INCOME_FIGURE_DEFAULTS: IncomeFigureParams = { defaultPeriodsPerYear: 26, ytdMinDayOfYear: 60, currentStubWindowDays: 45 };

export interface PayCountHint {
  ytd: number;
  current: number;
  /** Day of the year of the pay date. */
  day: number;
}

const FREQUENCIES = [12, 24, 26, 52];
const nearestFrequency = (perYear: number) =>
  FREQUENCIES.reduce((a, b) => (Math.abs(Math.log(b / perYear)) < Math.abs(Math.log(a / perYear)) ? b : a));

/**
 * Pay periods per year. From the days between consecutive pay dates: 7 -> weekly, 14 -> biweekly (weekly and biweekly
 * fall on multiples of 7), 12-18 -> semi-monthly, 27-32 -> monthly. When the dates cannot tell (one stub; four weeks
 * apart, which is monthly or biweekly with a stub left out), the year-to-date gross over the current gross counts
 * the pays so far, scaled to a year (from March on, when that count is steady); else `fallback`.
 */
export function periodsPerYear(payDates: readonly string[], fallback: number, hint?: PayCountHint): number {
  const days = [...new Set(payDates.map(dayNumber).filter((d): d is number => d !== undefined))].sort((a, b) => a - b);
  const gaps = days.slice(1).map((d, i) => d - days[i]!);
  if (gaps.length) {
    const min = Math.min(...gaps);
    const weekly = gaps.every((g) => g % 7 === 0);
    if (weekly && min === 7) return 52;
    if (weekly && min === 14) return 26;
    if (!weekly && min >= 12 && min <= 18) return 24;
    if (!weekly && min >= 27 && min <= 32) return 12;
  }
  if (hint && hint.day >= 60 && hint.current > 0 && hint.ytd >= hint.current) {
    return nearestFrequency(((hint.ytd / hint.current) * 365) / hint.day);
  }
  return fallback;
}

/** Groups documents by employer name (documents without one join the first group). */
function byEmployer(docs: FactDocument[]): FactDocument[][] {
  const groups: { name?: string; docs: FactDocument[] }[] = [];
  const unnamed: FactDocument[] = [];
  for (const d of docs) {
    const name = textOf(d, 'employer_name');
    if (!name) {
      unnamed.push(d);
      continue;
    }
    const g = groups.find((x) => x.name && employersMatch(x.name, name));
    if (g) g.docs.push(d);
    else groups.push({ name, docs: [d] });
  }
  if (unnamed.length) {
    if (groups.length) groups[0]!.docs.push(...unnamed);
    else groups.push({ docs: unnamed });
  }
  return groups.map((g) => g.docs);
}

/**
 * Pay stubs by employer, where a second employer counts only when another document names it too (a W-2, the
 * verification of employment, the application): a stub whose employer name nothing else confirms is more likely a
 * misread name than a second job, and joins the confirmed employer's stubs instead of doubling the income. (A stub
 * from a truly different employer is the employer-consistency rule's finding.)
 */
function stubGroups(facts: PacketFacts, people: PacketPeople, stubs: FactDocument[]): FactDocument[][] {
  const groups = byEmployer(stubs);
  if (groups.length < 2) return groups;
  const others = [...borrowerDocs(facts, people, ['w2', 'voe_letter']), ...(people.application ? [people.application] : [])];
  const named = others.map((d) => textOf(d, 'employer_name')).filter((n): n is string => n !== undefined);
  const confirmed = groups.filter((g) => {
    const name = textOf(g[0]!, 'employer_name');
    return name !== undefined && named.some((n) => employersMatch(n, name));
  });
  if (!confirmed.length) return [stubs];
  const rest = groups.filter((g) => !confirmed.includes(g)).flat();
  return confirmed.map((g, i) => (i === 0 ? [...g, ...rest] : g));
}

const payDateOf = (d: FactDocument) => dateOf(d, 'pay_date') ?? dateOf(d, 'pay_period_end');

function applicationFigure(people: PacketPeople): IncomeFigure | undefined {
  const app = people.application;
  const monthly = app && moneyOf(app, 'monthly_income');
  if (!app || monthly === undefined || monthly <= 0) return undefined;
  return {
    source: 'application',
    annual: monthly * 12,
    detail: `application ${formatMoney(monthly)}/month (${formatMoney(monthly * 12)}/year)`,
    allowance: 0,
    docs: [app],
    evidence: [fieldEvidence(app, fieldOf(app, 'monthly_income')!, app.fields.monthly_income!.normalized!)],
  };
}

function w2Figure(facts: PacketFacts, people: PacketPeople): IncomeFigure | undefined {
  const w2s = borrowerDocs(facts, people, ['w2']).filter((d) => moneyOf(d, 'wages') !== undefined && /^\d{4}$/.test(textOf(d, 'tax_year') ?? ''));
  if (!w2s.length) return undefined;
  const year = Math.max(...w2s.map((d) => Number(textOf(d, 'tax_year'))));
  const latest = w2s.filter((d) => Number(textOf(d, 'tax_year')) === year);
  // One W-2 per employer for the year (a copy of the same form counts once).
  const forms = byEmployer(latest).map((g) => g[0]!);
  const annual = forms.reduce((n, d) => n + moneyOf(d, 'wages')!, 0);
  return {
    source: 'w2',
    annual,
    detail: `W-2 ${year} wages ${formatMoney(annual)}${forms.length > 1 ? ` (${forms.length} employers)` : ''}`,
    allowance: 0,
    docs: forms,
    evidence: forms.map((d) => fieldEvidence(d, fieldOf(d, 'wages')!, d.fields.wages!.normalized!)),
  };
}

function payStubFigures(facts: PacketFacts, people: PacketPeople, params: IncomeFigureParams): IncomeFigure[] {
  const stubs = borrowerDocs(facts, people, ['pay_stub']).filter((d) => payDateOf(d) !== undefined);
  if (!stubs.length) return [];
  const latestDay = Math.max(...stubs.map((d) => dayNumber(payDateOf(d)!)!));
  const current: { doc: FactDocument; perYear: number }[] = [];
  for (const group of stubGroups(facts, people, stubs)) {
    const sorted = [...group].sort((a, b) => dayNumber(payDateOf(b)!)! - dayNumber(payDateOf(a)!)!);
    const latest = sorted[0]!;
    if (latestDay - dayNumber(payDateOf(latest)!)! > params.currentStubWindowDays) continue;
    const ytd = moneyOf(latest, 'gross_pay_ytd');
    const gross = moneyOf(latest, 'gross_pay_current');
    const day = dayOfYear(payDateOf(latest)!)!;
    const hint = ytd !== undefined && gross !== undefined ? { ytd, current: gross, day } : undefined;
    current.push({ doc: latest, perYear: periodsPerYear(group.map(payDateOf) as string[], params.defaultPeriodsPerYear, hint) });
  }
  const out: IncomeFigure[] = [];
  const withCurrent = current.filter((c) => moneyOf(c.doc, 'gross_pay_current') !== undefined);
  if (withCurrent.length) {
    const annual = withCurrent.reduce((n, c) => n + moneyOf(c.doc, 'gross_pay_current')! * c.perYear, 0);
    const parts = withCurrent.map((c) => `${formatMoney(moneyOf(c.doc, 'gross_pay_current')!)} x ${c.perYear}`);
    out.push({
      source: 'pay_stub_current',
      annual,
      detail: `pay stub current gross ${parts.join(' + ')} = ${formatMoney(annual)}/year`,
      allowance: 0,
      docs: withCurrent.map((c) => c.doc),
      evidence: withCurrent.map((c) => fieldEvidence(c.doc, fieldOf(c.doc, 'gross_pay_current')!, c.doc.fields.gross_pay_current!.normalized!)),
    });
  }
  const withYtd = current.filter((c) => moneyOf(c.doc, 'gross_pay_ytd') !== undefined && (dayOfYear(payDateOf(c.doc)!) ?? 0) >= params.ytdMinDayOfYear);
  if (withYtd.length && withYtd.length === current.length) {
    let annual = 0;
    let allowance = 0;
    const parts: string[] = [];
    for (const c of withYtd) {
      const date = payDateOf(c.doc)!;
      const day = dayOfYear(date)!;
      const ytd = moneyOf(c.doc, 'gross_pay_ytd')!;
      annual += (ytd * 365) / day;
      allowance = Math.max(allowance, 365 / c.perYear / day);
      parts.push(`${formatMoney(ytd)} to ${date}`);
    }
    out.push({
      source: 'pay_stub_ytd',
      annual,
      detail: `pay stub year-to-date ${parts.join(' + ')} annualized ${formatMoney(annual)}/year`,
      allowance,
      docs: withYtd.map((c) => c.doc),
      evidence: withYtd.map((c) => fieldEvidence(c.doc, fieldOf(c.doc, 'gross_pay_ytd')!, c.doc.fields.gross_pay_ytd!.normalized!)),
    });
  }
  return out;
}

function voeFigure(facts: PacketFacts, people: PacketPeople): IncomeFigure | undefined {
  const voes = borrowerDocs(facts, people, ['voe_letter']).filter((d) => (moneyOf(d, 'annual_salary') ?? 0) > 0);
  if (!voes.length) return undefined;
  const letters = byEmployer(voes).map((g) => g[0]!);
  const annual = letters.reduce((n, d) => n + moneyOf(d, 'annual_salary')!, 0);
  return {
    source: 'voe',
    annual,
    detail: `verification of employment salary ${formatMoney(annual)}/year`,
    allowance: 0,
    docs: letters,
    evidence: letters.map((d) => fieldEvidence(d, fieldOf(d, 'annual_salary')!, d.fields.annual_salary!.normalized!)),
  };
}

export function incomeFigures(facts: PacketFacts, people: PacketPeople, params: IncomeFigureParams = INCOME_FIGURE_DEFAULTS): IncomeFigure[] {
  return [applicationFigure(people), w2Figure(facts, people), ...payStubFigures(facts, people, params), voeFigure(facts, people)].filter(
    (f): f is IncomeFigure => f !== undefined && f.annual > 0,
  );
}

/**
 * Gross monthly qualifying income (guideline 1.2, 4.4) for measuring deposits: the lower median of the documented
 * annual figures / 12 (the lowest of two; the middle of three), so one misread figure does not move it; the
 * application's stated income when nothing documents it. Undefined when no figure exists.
 */
export function qualifyingMonthlyIncome(figures: readonly IncomeFigure[]): number | undefined {
  const documented = figures.filter((f) => f.source !== 'application');
  const pool = (documented.length ? documented : figures).map((f) => f.annual).sort((a, b) => a - b);
  return pool.length ? pool[Math.floor((pool.length - 1) / 2)]! / 12 : undefined;
}
