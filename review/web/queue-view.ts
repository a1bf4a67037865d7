import { api, ApiError } from './api.js';
import { h, relativeTime, toast, typing } from './dom.js';
import type { QueueItem, SessionInfo } from './types.js';

/** The review queue: most urgent first (the API sorts by deadline, then worst open finding), with claim/release. */
export async function queueView(root: HTMLElement, session: SessionInfo): Promise<() => void> {
  const canAct = session.user.role === 'underwriter' || session.user.role === 'lead';
  let selected = 0;
  let packets: QueueItem[] = [];

  const act = async (method: 'POST' | 'DELETE', p: QueueItem) => {
    try {
      await api(method, `/api/packets/${encodeURIComponent(p.packetId)}/claim`, method === 'POST' ? {} : undefined);
      toast(method === 'POST' ? `Claimed ${p.loanNumber ?? p.packetId}` : 'Released');
    } catch (err) {
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    }
    await load();
  };

  const row = (p: QueueItem, i: number) => {
    const mine = p.claim?.userId === session.user.userId;
    return h(
      'tr',
      { class: i === selected ? 'selected' : '', 'data-packet': p.packetId, onclick: () => select(i) },
      h('td', {}, h('span', { class: `sev sev-${p.maxSeverity ?? 'none'}` }, p.maxSeverity ?? 'none')),
      h('td', {}, h('a', { href: `#/packets/${encodeURIComponent(p.packetId)}` }, p.loanNumber ?? p.packetId)),
      h('td', {}, p.applicants.map((a) => `${a.firstName} ${a.lastName}`).join(', ')),
      h('td', { class: p.deadline && new Date(p.deadline).getTime() < Date.now() ? 'overdue' : '' }, relativeTime(p.deadline), p.escalated ? h('span', { class: 'badge escalated' }, 'escalated') : null),
      h('td', { class: 'num' }, `${p.openFindings.critical} / ${p.openFindings.warning} / ${p.openFindings.info}`),
      h('td', { class: 'num' }, p.documents),
      h('td', {}, p.status.replace('_', ' ')),
      h('td', {}, p.claim ? (mine ? 'you' : p.claim.displayName) : '—'),
      h(
        'td',
        { class: 'actions' },
        canAct && !p.claim ? h('button', { onclick: () => act('POST', p) }, 'Claim') : null,
        canAct && p.claim && (mine || session.user.role === 'lead') ? h('button', { onclick: () => act('DELETE', p) }, 'Release') : null,
        h('a', { class: 'button', href: `#/packets/${encodeURIComponent(p.packetId)}` }, 'Open'),
      ),
    );
  };

  const table = h('tbody');
  const render = () => {
    table.replaceChildren(...(packets.length ? packets.map(row) : [h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'Nothing waiting for review.'))]));
  };
  const select = (i: number) => {
    selected = Math.max(0, Math.min(packets.length - 1, i));
    render();
  };
  const load = async () => {
    packets = (await api<{ packets: QueueItem[] }>('GET', '/api/queue')).packets;
    selected = Math.min(selected, Math.max(0, packets.length - 1));
    render();
  };

  root.replaceChildren(
    h('section', { class: 'queue' },
      h('div', { class: 'toolbar' }, h('h1', {}, 'Review queue'), h('span', { class: 'muted' }, 'j/k move · Enter open · ? help'), h('button', { onclick: () => void load() }, 'Refresh')),
      h('table', { class: 'grid', id: 'queue' },
        h('thead', {}, h('tr', {}, ...['Severity', 'Loan', 'Applicants', 'Deadline', 'Open C / W / I', 'Docs', 'Status', 'Claimed by', ''].map((t) => h('th', {}, t)))),
        table,
      ),
    ),
  );
  await load();

  const onKey = (e: KeyboardEvent) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'j') select(selected + 1);
    else if (e.key === 'k') select(selected - 1);
    else if (e.key === 'Enter' && packets[selected]) location.hash = `#/packets/${encodeURIComponent(packets[selected]!.packetId)}`;
  };
  document.addEventListener('keydown', onKey);
  // Claims change under other people's hands: refresh now and then.
  const timer = window.setInterval(() => void load().catch(() => undefined), 30_000);
  return () => {
    document.removeEventListener('keydown', onKey);
    window.clearInterval(timer);
  };
}
