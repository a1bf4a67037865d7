import { Chart, type ChartConfiguration } from 'chart.js/auto';
import { api } from './api.js';
import { h, pct } from './dom.js';
import { computeRoi, type RoiAssumptions } from './roi.js';
import type { EvalRun, Operations } from './types.js';

/**
 * The analysts' page: eval runs over time by pipeline version, the tenant's live operations, and the ROI view whose
 * assumptions are edited here (prefilled from the measurements; not stored: a reload starts from them again).
 * Loaded as its own chunk, with Chart.js, only when opened.
 */

const OPS_REFRESH_MS = 15_000;

const COLORS = ['#1f6feb', '#d97706', '#059669', '#b91c1c', '#7c3aed', '#0891b2', '#be185d'];

const configLabel = (r: EvalRun) => [r.versions.classifier, r.versions.extractor, r.versions.rules, r.versions.llm ? `${r.versions.provider ?? ''} ${r.versions.llm}`.trim() : null].filter(Boolean).join(' · ');

export async function dashboardView(root: HTMLElement): Promise<() => void> {
  const charts: Chart[] = [];
  const chart = (id: string, config: ChartConfiguration) => {
    const canvas = h('canvas', { id, role: 'img', 'aria-label': id });
    const holder = h('div', { class: 'chart', 'data-chart': id }, canvas);
    const points = config.data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null && v !== undefined).length, 0);
    holder.dataset.points = String(points);
    // Created once the canvas is in the page (Chart.js sizes it from its container).
    queueMicrotask(() => charts.push(new Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } })));
    return holder;
  };
  const tile = (label: string, value: string, note?: string) => h('div', { class: 'tile' }, h('div', { class: 'tile-value' }, value), h('div', { class: 'tile-label' }, label), note ? h('div', { class: 'muted small' }, note) : null);

  const setPicker = h('select', { id: 'eval-set', 'aria-label': 'eval set' });
  const evalEl = h('section', { class: 'card', id: 'evals' });
  const opsEl = h('section', { class: 'card', id: 'operations' });
  const roiEl = h('section', { class: 'card', id: 'roi' });
  root.replaceChildren(h('section', { class: 'dashboards' }, h('div', { class: 'toolbar' }, h('h1', {}, 'Dashboards')), evalEl, opsEl, roiEl));

  const destroy = (within: Element) => {
    for (const c of [...charts]) {
      if (within.contains(c.canvas)) {
        c.destroy();
        charts.splice(charts.indexOf(c), 1);
      }
    }
  };

  // --- eval runs -------------------------------------------------------------------------------------------------
  const renderEvals = async (set?: string) => {
    const { sets, runs } = await api<{ sets: { set: string; runs: number }[]; runs: EvalRun[] }>('GET', `/api/dashboards/eval-runs${set ? `?set=${encodeURIComponent(set)}` : ''}`);
    destroy(evalEl);
    setPicker.replaceChildren(h('option', { value: '' }, 'all sets'), ...sets.map((s) => h('option', { value: s.set, selected: s.set === set }, `${s.set} (${s.runs})`)));
    const labels = runs.map((r) => `${r.startedAt.slice(0, 16).replace('T', ' ')} ${r.set}`);
    const metric = (label: string, key: 'fieldF1' | 'findingPrecision' | 'findingRecall' | 'classificationAccuracy', i: number) => ({
      label,
      data: runs.map((r) => r[key]),
      borderColor: COLORS[i],
      backgroundColor: COLORS[i],
      spanGaps: true,
      tension: 0.2,
      pointRadius: 4,
    });
    // One series per pipeline configuration: the newest run of each, side by side.
    const configs = [...new Map(runs.map((r) => [configLabel(r), r])).entries()];
    evalEl.replaceChildren(
      h('div', { class: 'toolbar' }, h('h2', {}, 'Eval runs over time'), setPicker, h('span', { class: 'muted small' }, `${runs.length} runs; scores on generated (and reviewed) sets with known truth`)),
      runs.length
        ? h(
            'div',
            { class: 'charts' },
            chart('chart-eval', {
              type: 'line',
              data: { labels, datasets: [metric('Field F1', 'fieldF1', 0), metric('Finding precision', 'findingPrecision', 1), metric('Finding recall', 'findingRecall', 2), metric('Classification accuracy', 'classificationAccuracy', 3)] },
              options: {
                scales: { y: { min: 0, max: 1, ticks: { callback: (v) => pct(Number(v), 0) } } },
                plugins: { tooltip: { callbacks: { footer: (items) => (items[0] ? configLabel(runs[items[0].dataIndex]!) : '') } } },
              },
            }),
            chart('chart-config', {
              type: 'bar',
              data: {
                labels: ['Field F1', 'Finding precision', 'Finding recall', 'Classification accuracy'],
                datasets: configs.map(([label, r], i) => ({ label, data: [r.fieldF1, r.findingPrecision, r.findingRecall, r.classificationAccuracy], backgroundColor: COLORS[i % COLORS.length] })),
              },
              options: { scales: { y: { min: 0, max: 1 } }, plugins: { title: { display: true, text: 'Newest run of each pipeline configuration (classifier · extractor · rules · LLM)' } } },
            }),
          )
        : h('p', { class: 'muted' }, 'No eval runs yet: run `docket eval --set smoke`.'),
    );
    return runs;
  };
  setPicker.addEventListener('change', () => void renderEvals(setPicker.value || undefined));

  // --- operations ------------------------------------------------------------------------------------------------
  let opsDays = 30;
  const renderOps = async (days: number) => {
    opsDays = days;
    const ops = await api<Operations>('GET', `/api/dashboards/operations?days=${days}`);
    destroy(opsEl);
    const mins = (x: number | null) => (x === null ? 'n/a' : x >= 120 ? `${(x / 60).toFixed(1)} h` : `${x.toFixed(1)} min`);
    const range = h('select', { 'aria-label': 'days', onchange: (e: Event) => void renderOps(Number((e.target as HTMLSelectElement).value)) }, ...[7, 30, 90, 365].map((d) => h('option', { value: d, selected: d === days }, `last ${d} days`)));
    opsEl.replaceChildren(
      h('div', { class: 'toolbar' }, h('h2', {}, 'Operations'), range),
      h(
        'div',
        { class: 'tiles' },
        tile('packets arrived', String(ops.totals.arrived), `${ops.totals.waiting} waiting for review`),
        tile('straight-through rate', pct(ops.straightThroughRate), `${ops.totals.straightThrough} of ${ops.totals.decided} decided`),
        tile('arrival → first flag', `${mins(ops.arrivalToFirstFlagMinutes.p50)} / ${mins(ops.arrivalToFirstFlagMinutes.p95)}`, `p50 / p95 over ${ops.arrivalToFirstFlagMinutes.n}`),
        tile('arrival → decision', `${mins(ops.arrivalToDecisionMinutes.p50)} / ${mins(ops.arrivalToDecisionMinutes.p95)}`, `p50 / p95 over ${ops.arrivalToDecisionMinutes.n}`),
        tile('reviewer minutes / packet', mins(ops.reviewerMinutesPerPacket.mean), `mean; claim to decision, ${ops.reviewerMinutesPerPacket.n} reviewed`),
        tile('cost / packet', ops.costPerPacket ? `$${Number(ops.costPerPacket.usd.toPrecision(2))}` : 'n/a', ops.costPerPacket ? `eval run ${ops.costPerPacket.runId}: ${ops.costPerPacket.computeSeconds ?? '?'} CPU s at $${ops.costPerPacket.usdPerCpuHour ?? '?'}/vCPU-h` : 'no eval run yet'),
      ),
      h(
        'div',
        { class: 'charts' },
        chart('chart-ops', {
          type: 'bar',
          data: {
            labels: ops.perDay.map((d) => d.day),
            datasets: [
              { label: 'arrived', data: ops.perDay.map((d) => d.arrived), backgroundColor: COLORS[0] },
              { label: 'straight-through', data: ops.perDay.map((d) => d.straightThrough), backgroundColor: COLORS[2] },
              { label: 'reviewed', data: ops.perDay.map((d) => d.reviewed), backgroundColor: COLORS[1] },
            ],
          },
          options: { plugins: { title: { display: true, text: 'Packets per day' } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        }),
        chart('chart-times', {
          type: 'bar',
          data: {
            labels: ['arrival → first flag', 'arrival → decision', 'reviewer time'],
            datasets: [
              { label: 'p50 (min)', data: [ops.arrivalToFirstFlagMinutes.p50, ops.arrivalToDecisionMinutes.p50, ops.reviewerMinutesPerPacket.p50], backgroundColor: COLORS[0] },
              { label: 'p95 (min)', data: [ops.arrivalToFirstFlagMinutes.p95, ops.arrivalToDecisionMinutes.p95, ops.reviewerMinutesPerPacket.p95], backgroundColor: COLORS[3] },
            ],
          },
          options: { plugins: { title: { display: true, text: 'Minutes, p50 and p95' } }, scales: { y: { beginAtZero: true } } },
        }),
      ),
    );
    return ops;
  };

  // --- ROI -------------------------------------------------------------------------------------------------------
  const renderRoi = (ops: Operations, runs: EvalRun[]) => {
    const days = Math.max(1, Math.round((new Date(ops.to).getTime() - new Date(ops.from).getTime()) / 86_400_000));
    const latestCost = ops.costPerPacket?.usd ?? runs.at(-1)?.costPerPacketUsd ?? 0;
    const assumptions: RoiAssumptions = {
      packetsPerMonth: Math.max(1, Math.round((ops.totals.arrived / days) * 30)),
      manualMinutesPerPacket: 45,
      reviewMinutesPerPacket: ops.reviewerMinutesPerPacket.mean ?? 15,
      straightThroughRate: ops.straightThroughRate ?? 0,
      loadedCostPerHour: 65,
      computeCostPerPacket: latestCost,
      daysToDecisionBefore: 5,
      daysToDecisionAfter: Number(((ops.arrivalToDecisionMinutes.p50 ?? 0) / 1440).toFixed(2)),
    };
    const inputs: [keyof RoiAssumptions, string, string][] = [
      ['packetsPerMonth', 'Packets per month', 'measured arrivals, scaled to 30 days'],
      ['manualMinutesPerPacket', 'Manual minutes per packet (before)', 'assumption'],
      ['reviewMinutesPerPacket', 'Reviewer minutes per flagged packet (after)', 'measured mean, claim to decision'],
      ['straightThroughRate', 'Straight-through rate (0..1)', 'measured'],
      ['loadedCostPerHour', 'Loaded cost of an underwriter hour ($)', 'assumption'],
      ['computeCostPerPacket', 'Compute cost per packet ($)', 'measured by the newest eval run'],
      ['daysToDecisionBefore', 'Days to decision before', 'assumption'],
      ['daysToDecisionAfter', 'Days to decision after', 'measured p50'],
    ];
    const out = h('div', { class: 'roi-out' });
    const form = h(
      'form',
      { class: 'roi-form', oninput: () => update() },
      ...inputs.map(([key, label, note]) =>
        h('label', {}, h('span', {}, label), h('input', { type: 'number', step: 'any', min: 0, name: key, value: assumptions[key] }), h('span', { class: 'muted small' }, note)),
      ),
    );
    const update = () => {
      destroy(out);
      for (const [key] of inputs) {
        const v = Number(form.querySelector<HTMLInputElement>(`[name="${key}"]`)!.value);
        if (Number.isFinite(v)) assumptions[key] = v;
      }
      const r = computeRoi(assumptions);
      const usd = (x: number) => x.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
      out.replaceChildren(
        h(
          'div',
          { class: 'tiles' },
          tile('net savings per month', usd(r.netSavingsPerMonth), `${usd(r.laborSavedPerMonth)} reviewer time − ${usd(r.computeCostPerMonth)} compute`),
          tile('net savings per year', usd(r.netSavingsPerYear)),
          tile('minutes saved per packet', r.minutesSavedPerPacket.toFixed(1)),
          tile('days to decision saved', r.daysToDecisionSaved.toFixed(1)),
        ),
        h(
          'div',
          { class: 'charts' },
          chart('chart-roi-hours', {
            type: 'bar',
            data: { labels: ['before', 'after'], datasets: [{ label: 'reviewer hours per month', data: [r.reviewerHoursBefore, r.reviewerHoursAfter], backgroundColor: [COLORS[3]!, COLORS[2]!] }] },
            options: { plugins: { title: { display: true, text: 'Reviewer hours per month' }, legend: { display: false } }, scales: { y: { beginAtZero: true } } },
          }),
          chart('chart-roi-days', {
            type: 'bar',
            data: { labels: ['before', 'after'], datasets: [{ label: 'days to decision', data: [assumptions.daysToDecisionBefore, assumptions.daysToDecisionAfter], backgroundColor: [COLORS[3]!, COLORS[2]!] }] },
            options: { plugins: { title: { display: true, text: 'Days from arrival to decision' }, legend: { display: false } }, scales: { y: { beginAtZero: true } } },
          }),
        ),
      );
    };
    roiEl.replaceChildren(
      h('div', { class: 'toolbar' }, h('h2', {}, 'Return on investment'), h('span', { class: 'muted small' }, 'packets/month × minutes saved × loaded cost − compute. Edit the assumptions; they are not saved.')),
      h('div', { class: 'roi' }, form, out),
    );
    update();
  };

  const [runs, ops] = await Promise.all([renderEvals(), renderOps(opsDays)]);
  renderRoi(ops, runs);
  // Live operations: redrawn every 15 s while the page is open, so a decision shows without a reload (the eval runs
  // and the ROI view, whose assumptions the analyst may be editing, change only when asked).
  const timer = window.setInterval(() => void renderOps(opsDays).catch(() => undefined), OPS_REFRESH_MS);
  return () => {
    window.clearInterval(timer);
    destroy(root);
  };
}
