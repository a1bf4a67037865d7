import { api, ApiError } from './api.js';
import { append, h, relativeTime, toast, typing } from './dom.js';
import type { BBox, Field, Finding, PacketState, PacketView, SessionInfo } from './types.js';

/**
 * One packet: the pages as images (loaded only when scrolled near, so a 40-page packet opens as fast as a 2-page
 * one), the extracted fields and the findings beside them. Clicking a field or a finding draws its bounding box on
 * its page (boxes are 0..1 of the page) and scrolls there. The actions need the packet's claim.
 */

export const SHORTCUTS: [string, string][] = [
  ['j / k', 'next / previous finding (highlights its evidence)'],
  ['c', 'confirm the selected finding'],
  ['d', 'dismiss the selected finding (asks for a reason)'],
  ['u', 'reopen the selected finding'],
  ['e', 'correct the field the selected finding points at'],
  ['l', 'claim or release the packet'],
  ['a', 'approve the packet'],
  ['r', 'return the packet (with the requested documents)'],
  ['g', 'back to the queue'],
  ['?', 'this help'],
  ['Esc', 'close a dialog or this help'],
];

interface Target {
  documentId: string;
  page: number;
  bbox?: BBox;
}

const pageUrl = (packetId: string, documentId: string, page: number) =>
  `/api/packets/${encodeURIComponent(packetId)}/documents/${encodeURIComponent(documentId)}/pages/${page}`;

export async function packetView(root: HTMLElement, session: SessionInfo, packetId: string): Promise<() => void> {
  const base = `/api/packets/${encodeURIComponent(packetId)}`;
  const canAct = session.user.role === 'underwriter' || session.user.role === 'lead';
  let view: PacketView;
  let selected = -1;
  let dismissing: string | undefined;
  let editing: string | undefined;
  let requestDraft: string[] | undefined;
  let done: PacketState | undefined;

  const findingsEl = h('ol', { class: 'findings', id: 'findings' });
  const fieldsEl = h('div', { class: 'fields', id: 'fields' });
  const requestsEl = h('div', { class: 'requests', id: 'requests' });
  const headerEl = h('div', { class: 'packet-head' });
  const pagesEl = h('div', { class: 'pages', id: 'pages' });
  const pageEls = new Map<string, HTMLElement>();

  // Pages: laid out at their aspect ratio at once (so scrolling and boxes work), images fetched near the viewport.
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const img = entry.target.querySelector('img');
        if (img && !img.src && img.dataset.src) img.src = img.dataset.src;
        observer.unobserve(entry.target);
      }
    },
    { root: pagesEl, rootMargin: '1200px 0px' },
  );

  const fieldKey = (f: Pick<Field, 'documentId' | 'segment' | 'name'>) => `${f.documentId}/${f.segment}/${f.name}`;
  const claimedByMe = () => view.claim?.userId === session.user.userId;
  const actionable = () => canAct && view.phase === 'awaiting_review' && !done;

  const run = async (what: () => Promise<unknown>, ok?: string) => {
    try {
      await what();
      if (ok) toast(ok);
    } catch (err) {
      toast(err instanceof ApiError ? `${err.message}${err.code === 'unresolved_findings' ? '' : ` (${err.code})`}` : String(err), 'error');
    }
    await load();
  };

  const highlight = (targets: Target[], kind: 'field' | 'finding') => {
    for (const el of pagesEl.querySelectorAll('.box')) el.remove();
    let first: HTMLElement | undefined;
    for (const t of targets) {
      const pageEl = pageEls.get(`${t.documentId}#${t.page}`);
      if (!pageEl) continue;
      first ??= pageEl;
      if (!t.bbox || (t.bbox.w === 0 && t.bbox.h === 0)) continue;
      const pad = 0.004;
      pageEl.append(
        h('div', {
          class: `box box-${kind}`,
          'data-box': `${t.documentId}#${t.page}`,
          style: {
            left: `${Math.max(0, t.bbox.x - pad) * 100}%`,
            top: `${Math.max(0, t.bbox.y - pad) * 100}%`,
            width: `${(t.bbox.w + 2 * pad) * 100}%`,
            height: `${(t.bbox.h + 2 * pad) * 100}%`,
          },
        }),
      );
    }
    const box = first?.querySelector<HTMLElement>('.box');
    (box ?? first)?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
  };

  const targetsOf = (f: Finding): Target[] =>
    f.evidence.flatMap((e) => {
      if (e.page !== undefined && e.bbox) return [{ documentId: e.documentId, page: e.page, bbox: e.bbox }];
      // Evidence that names a field but no box: the field's own place.
      const field = e.field ? view.fields.find((x) => x.documentId === e.documentId && x.name === e.field && (e.page === undefined || x.page === e.page)) : undefined;
      if (field) return [{ documentId: field.documentId, page: field.page, bbox: field.bbox }];
      if (e.page !== undefined) return [{ documentId: e.documentId, page: e.page }];
      const doc = view.documents.find((d) => d.documentId === e.documentId);
      return doc?.pages[0] ? [{ documentId: doc.documentId, page: doc.pages[0].pageNumber }] : [];
    });

  const selectFinding = (i: number, scroll = true) => {
    if (!view.findings.length) return;
    selected = Math.max(0, Math.min(view.findings.length - 1, i));
    const f = view.findings[selected]!;
    renderFindings();
    highlight(targetsOf(f), 'finding');
    if (scroll) findingsEl.children[selected]?.scrollIntoView({ block: 'nearest' });
  };

  const selectField = (f: Field) => {
    for (const el of fieldsEl.querySelectorAll('.selected')) el.classList.remove('selected');
    fieldsEl.querySelector(`[data-field="${CSS.escape(fieldKey(f))}"]`)?.classList.add('selected');
    highlight([{ documentId: f.documentId, page: f.page, bbox: f.bbox }], 'field');
  };

  // --- actions ---------------------------------------------------------------------------------------------------
  const findingUrl = (f: Finding) => `${base}/findings/${encodeURIComponent(f.findingId)}`;
  const confirm = (f: Finding) => run(() => api('POST', `${findingUrl(f)}/confirm`), 'Finding confirmed');
  const reopen = (f: Finding) => run(() => api('DELETE', `${findingUrl(f)}/resolution`), 'Finding reopened');
  const dismiss = (f: Finding, reason: string) => {
    dismissing = undefined;
    return run(() => api('POST', `${findingUrl(f)}/dismiss`, { reason }), 'Finding dismissed');
  };
  const correct = (f: Field, value: string) => {
    editing = undefined;
    const url = `${base}/documents/${encodeURIComponent(f.documentId)}/segments/${f.segment}/fields/${encodeURIComponent(f.name)}`;
    return run(() => api('PUT', url, { value }), `${f.name} corrected`);
  };
  const claim = () => run(() => api('POST', `${base}/claim`, {}), 'Claimed: the packet is yours to review');
  const release = () => run(() => api('DELETE', `${base}/claim`), 'Released');
  const saveRequests = async () => {
    const documents = (requestDraft ?? currentRequests()).map((d) => d.trim()).filter(Boolean);
    const note = (requestsEl.querySelector<HTMLInputElement>('#request-note')?.value ?? '').trim();
    await api('PUT', `${base}/requested-documents`, { documents, note: note || null });
    requestDraft = undefined;
  };
  const submit = (outcome: 'approve' | 'return') =>
    run(async () => {
      if (outcome === 'return') await saveRequests();
      const res = await api<{ state: PacketState }>('POST', `${base}/${outcome}`, {});
      done = res.state;
    }, outcome === 'approve' ? 'Approved: the decision goes to the workflow' : 'Returned to the borrower');

  // --- rendering -------------------------------------------------------------------------------------------------
  const renderHeader = () => {
    const mine = claimedByMe();
    headerEl.replaceChildren();
    append(headerEl, [
      h('a', { href: '#/queue', class: 'back' }, '← Queue'),
      h('h1', {}, view.loanNumber ?? view.packetId),
      h('span', { class: 'muted' }, view.applicants.map((a) => `${a.firstName} ${a.lastName}`).join(', ')),
      h('span', { class: `status status-${view.status}`, id: 'packet-status' }, done ? `${done.review?.outcome === 'approve' ? 'approved' : 'returned'} · workflow ${done.phase}` : `${view.status.replace('_', ' ')} · ${view.phase.replace('_', ' ')}`),
      view.deadline ? h('span', { class: 'muted' }, `deadline ${relativeTime(view.deadline)}`) : null,
      view.escalated ? h('span', { class: 'badge escalated' }, 'escalated') : null,
      h('span', { class: 'spacer' }),
      h('span', { class: 'muted', id: 'claim' }, view.claim ? `claimed by ${mine ? 'you' : view.claim.displayName}` : 'not claimed'),
      actionable() && !view.claim ? h('button', { id: 'claim-button', onclick: () => void claim() }, 'Claim (l)') : null,
      actionable() && view.claim && (mine || session.user.role === 'lead') ? h('button', { onclick: () => void release() }, 'Release (l)') : null,
      actionable() && mine ? h('button', { class: 'primary', id: 'approve', onclick: () => void submit('approve') }, 'Approve (a)') : null,
      actionable() && mine ? h('button', { id: 'return', onclick: () => void submit('return') }, 'Return (r)') : null,
      h('button', { class: 'help', title: 'Keyboard shortcuts', onclick: () => toggleHelp() }, '?'),
    ]);
  };

  const renderFindings = () => {
    const mine = actionable() && claimedByMe();
    findingsEl.replaceChildren(
      ...view.findings.map((f, i) => {
        const passage = f.passages[0];
        const res = f.resolution ?? (f.status !== 'open' ? { resolution: f.status, reason: null } : null);
        return h(
          'li',
          { class: `finding sev-${f.severity}${i === selected ? ' selected' : ''}${res ? ` resolved ${res.resolution}` : ''}`, 'data-finding': f.findingId, onclick: () => selectFinding(i, false) },
          h('div', { class: 'finding-head' }, h('span', { class: `sev sev-${f.severity}` }, f.severity), h('code', {}, f.code), res ? h('span', { class: 'badge' }, res.resolution) : null),
          h('p', {}, f.message),
          f.citation || passage
            ? h(
                'blockquote',
                { class: 'citation' },
                h('div', { class: 'cite-head' }, `§ ${passage?.section ?? f.citation?.section ?? ''} ${passage?.sectionPath ?? f.citation?.topic ?? ''}`.trim()),
                passage ? h('q', {}, passage.excerpt) : null,
                passage?.title ? h('cite', {}, `${passage.title}${passage.page ? `, p. ${passage.page}` : ''}`) : null,
              )
            : null,
          res?.reason ? h('p', { class: 'muted' }, `Dismissed: ${res.reason}`) : null,
          h('div', { class: 'muted small' }, `evidence: ${f.evidence.map((e) => `${docName(e.documentId)}${e.page ? ` p.${e.page}` : ''}${e.field ? ` ${e.field}` : ''}`).join('; ') || 'none'}`),
          mine
            ? h(
                'div',
                { class: 'finding-actions' },
                !res || res.resolution !== 'confirmed' ? h('button', { class: 'confirm', onclick: (e: Event) => (e.stopPropagation(), void confirm(f)) }, 'Confirm (c)') : null,
                !res || res.resolution !== 'dismissed' ? h('button', { class: 'dismiss', onclick: (e: Event) => (e.stopPropagation(), openDismiss(f)) }, 'Dismiss (d)') : null,
                res ? h('button', { onclick: (e: Event) => (e.stopPropagation(), void reopen(f)) }, 'Reopen (u)') : null,
              )
            : null,
          dismissing === f.findingId
            ? h(
                'form',
                {
                  class: 'dismiss-form',
                  // A click here must not reach the finding (which re-renders and would detach the form mid-submit).
                  onclick: (e: Event) => e.stopPropagation(),
                  onsubmit: (e: Event) => {
                    e.preventDefault();
                    const reason = (e.target as HTMLFormElement).querySelector('input')!.value.trim();
                    if (!reason) return toast('A dismissal needs a reason', 'error');
                    void dismiss(f, reason);
                  },
                },
                h('input', { name: 'reason', placeholder: 'Why is this not a problem? (required)', required: true, maxlength: 2000, 'aria-label': 'dismissal reason' }),
                h('button', { type: 'submit' }, 'Dismiss'),
                h('button', { type: 'button', onclick: () => ((dismissing = undefined), renderFindings()) }, 'Cancel'),
              )
            : null,
        );
      }),
    );
    if (!view.findings.length) findingsEl.append(h('li', { class: 'muted' }, 'No findings.'));
    findingsEl.querySelector<HTMLInputElement>('.dismiss-form input')?.focus();
  };

  const docName = (documentId: string) => view.documents.find((d) => d.documentId === documentId)?.filename ?? documentId;

  const renderFields = () => {
    const mine = actionable() && claimedByMe();
    fieldsEl.replaceChildren(
      ...view.documents.map((d) =>
        h(
          'details',
          { open: true },
          h('summary', {}, `${d.filename} · ${d.type ?? 'unclassified'} · ${d.pages.length} p.`),
          h(
            'table',
            { class: 'grid small' },
            h(
              'tbody',
              {},
              ...view.fields
                .filter((f) => f.documentId === d.documentId)
                .map((f) =>
                  h(
                    'tr',
                    { 'data-field': fieldKey(f), class: `field src-${f.source}`, onclick: () => selectField(f) },
                    h('th', {}, f.name),
                    h(
                      'td',
                      {},
                      editing === fieldKey(f)
                        ? h(
                            'form',
                            {
                              class: 'field-edit',
                              onsubmit: (e: Event) => {
                                e.preventDefault();
                                void correct(f, (e.target as HTMLFormElement).querySelector('input')!.value);
                              },
                            },
                            h('input', { name: 'value', value: f.value, 'aria-label': `${f.name} value`, maxlength: 2000 }),
                            h('button', { type: 'submit' }, 'Save'),
                            h('button', { type: 'button', onclick: () => ((editing = undefined), renderFields()) }, 'Cancel'),
                          )
                        : h('span', { class: 'value' }, f.value),
                    ),
                    h('td', { class: `num conf ${f.confidence < 0.7 ? 'low' : ''}`, title: 'confidence' }, `${Math.round(f.confidence * 100)}%`),
                    h('td', { class: 'muted small' }, f.source),
                    h(
                      'td',
                      {},
                      mine && editing !== fieldKey(f)
                        ? h('button', { class: 'edit', title: 'Correct the value', onclick: (e: Event) => (e.stopPropagation(), openEdit(f)) }, 'Edit')
                        : null,
                    ),
                  ),
                ),
            ),
          ),
        ),
      ),
    );
    fieldsEl.querySelector<HTMLInputElement>('.field-edit input')?.focus();
  };

  const currentRequests = () => view.requests?.requestedDocuments ?? view.suggestedRequests.map((s) => s.text);

  const renderRequests = () => {
    const mine = actionable() && claimedByMe();
    const list = requestDraft ?? currentRequests();
    const from = view.requests ? `saved by ${view.requests.by}` : view.suggestedRequests.length ? 'suggested from the findings' : 'none yet';
    requestsEl.replaceChildren(
      h('h2', {}, 'Requested documents ', h('span', { class: 'muted small' }, `(${from})`)),
      mine
        ? h(
            'form',
            {
              onsubmit: (e: Event) => {
                e.preventDefault();
                void run(saveRequests, 'Requested documents saved');
              },
            },
            h('textarea', {
              id: 'request-list',
              rows: Math.max(3, list.length + 1),
              'aria-label': 'requested documents, one per line',
              oninput: (e: Event) => (requestDraft = (e.target as HTMLTextAreaElement).value.split('\n')),
              value: list.join('\n'),
            }),
            h('input', { id: 'request-note', placeholder: 'Note to the borrower (optional)', value: view.requests?.note ?? '', maxlength: 4000 }),
            h('button', { type: 'submit' }, 'Save list'),
          )
        : list.length
          ? h('ul', {}, ...list.map((t) => h('li', {}, t)))
          : h('p', { class: 'muted' }, 'Nothing to request.'),
    );
    // textarea's value attribute is ignored once rendered: set the property.
    const ta = requestsEl.querySelector('textarea');
    if (ta) ta.value = list.join('\n');
  };

  const renderPages = () => {
    observer.disconnect();
    pageEls.clear();
    pagesEl.replaceChildren(
      ...view.documents.flatMap((d) =>
        d.pages.map((p) => {
          const el = h(
            'figure',
            { class: 'page', 'data-page': `${d.documentId}#${p.pageNumber}`, style: { aspectRatio: `${p.width} / ${p.height}` } },
            h('img', { 'data-src': pageUrl(view.packetId, d.documentId, p.pageNumber), alt: `${d.filename} page ${p.pageNumber}`, decoding: 'async' }),
            h('figcaption', {}, `${d.filename} · page ${p.pageNumber}`),
          );
          pageEls.set(`${d.documentId}#${p.pageNumber}`, el);
          observer.observe(el);
          return el;
        }),
      ),
    );
  };

  const render = () => {
    renderHeader();
    renderFindings();
    renderFields();
    renderRequests();
  };

  const openDismiss = (f: Finding) => {
    dismissing = f.findingId;
    renderFindings();
  };
  const openEdit = (f: Field) => {
    editing = fieldKey(f);
    renderFields();
    selectField(f);
  };

  const load = async () => {
    const first = !view;
    view = await api<PacketView>('GET', base);
    if (first) renderPages();
    render();
    if (first && view.findings.length) selectFinding(0);
  };

  // --- help overlay and keys -------------------------------------------------------------------------------------
  const help = h(
    'div',
    { class: 'overlay', id: 'help', hidden: true, onclick: () => toggleHelp(false) },
    h('div', { class: 'dialog', onclick: (e: Event) => e.stopPropagation() }, h('h2', {}, 'Keyboard shortcuts'), h('table', { class: 'grid' }, h('tbody', {}, ...SHORTCUTS.map(([k, d]) => h('tr', {}, h('th', {}, h('kbd', {}, k)), h('td', {}, d)))))),
  );
  const toggleHelp = (show = help.hidden) => {
    help.hidden = !show;
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      toggleHelp(false);
      if (dismissing || editing) {
        dismissing = editing = undefined;
        render();
      }
      return;
    }
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    const f = view.findings[selected];
    const mine = actionable() && claimedByMe();
    switch (e.key) {
      case 'j':
        return selectFinding(selected + 1);
      case 'k':
        return selectFinding(selected - 1);
      case '?':
        return toggleHelp();
      case 'g':
        location.hash = '#/queue';
        return;
      case 'l':
        if (actionable()) void (view.claim ? release() : claim());
        return;
    }
    if (!mine) return;
    if (e.key === 'c' && f) void confirm(f);
    else if (e.key === 'd' && f) {
      e.preventDefault(); // the d must not land in the reason field that opens
      openDismiss(f);
    } else if (e.key === 'u' && f?.resolution) void reopen(f);
    else if (e.key === 'e' && f) {
      const ev = f.evidence.find((x) => x.field);
      const field = ev && view.fields.find((x) => x.documentId === ev.documentId && x.name === ev.field);
      if (field) {
        e.preventDefault();
        openEdit(field);
      }
    } else if (e.key === 'a') void submit('approve');
    else if (e.key === 'r') void submit('return');
  };

  root.replaceChildren(
    h(
      'section',
      { class: 'packet' },
      headerEl,
      h('div', { class: 'workspace' }, h('aside', { class: 'side' }, h('h2', {}, 'Findings'), findingsEl, requestsEl, h('h2', {}, 'Extracted fields'), fieldsEl), pagesEl),
      help,
    ),
  );
  await load();
  document.addEventListener('keydown', onKey);
  return () => {
    document.removeEventListener('keydown', onKey);
    observer.disconnect();
  };
}
