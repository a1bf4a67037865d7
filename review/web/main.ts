import { api, ApiError, useSession } from './api.js';
import { h, toast } from './dom.js';
import { packetView } from './packet-view.js';
import { queueView } from './queue-view.js';
import type { Role, SessionInfo } from './types.js';

/**
 * The review web app: sign-in, the queue, a packet, the dashboards. Routes live in the URL hash (#/queue,
 * #/packets/<id>, #/dashboards) so the server serves one page; every screen returns a function that tears it down.
 */

const READERS: Role[] = ['underwriter', 'lead', 'analyst'];
const ANALYSTS: Role[] = ['analyst', 'lead', 'admin'];

const app = document.getElementById('app')!;
const top = document.getElementById('top')!;
let session: SessionInfo | undefined;
let dispose: (() => void) | undefined;
let generation = 0;

const home = (role: Role) => (role === 'underwriter' || role === 'lead' ? '#/queue' : '#/dashboards');

function signedOut(): void {
  session = undefined;
  useSession(undefined);
  void route();
}

function renderTop(): void {
  if (!session) return top.replaceChildren(h('strong', { class: 'brand' }, 'Docket review'));
  const { role, displayName, tenantId } = session.user;
  top.replaceChildren(
    h('strong', { class: 'brand' }, 'Docket review'),
    h('nav', {}, READERS.includes(role) ? h('a', { href: '#/queue' }, 'Queue') : null, ANALYSTS.includes(role) ? h('a', { href: '#/dashboards' }, 'Dashboards') : null),
    h('span', { class: 'spacer' }),
    h('span', { class: 'muted', id: 'whoami' }, `${displayName} · ${role} · ${tenantId}`),
    h(
      'button',
      {
        onclick: async () => {
          await api('DELETE', '/api/session').catch(() => undefined);
          signedOut();
        },
      },
      'Sign out',
    ),
  );
}

function signInView(): void {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'card signin',
      id: 'signin',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        try {
          session = await api<SessionInfo>('POST', '/api/session', { email: String(data.get('email')), password: String(data.get('password')) });
          useSession(session);
          if (!location.hash || location.hash === '#/signin') location.hash = home(session.user.role);
          else await route();
        } catch (err) {
          error.textContent = err instanceof ApiError && err.status === 401 ? 'Wrong email or password.' : String(err instanceof Error ? err.message : err);
        }
      },
    },
    h('h1', {}, 'Sign in'),
    h('label', {}, 'Email', h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true, autofocus: true })),
    h('label', {}, 'Password', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    error,
  );
  app.replaceChildren(form);
  form.querySelector('input')?.focus();
}

async function route(): Promise<void> {
  const mine = ++generation;
  dispose?.();
  dispose = undefined;
  if (!session) {
    try {
      session = await api<SessionInfo>('GET', '/api/session');
      useSession(session);
    } catch {
      session = undefined;
    }
  }
  renderTop();
  if (!session) return signInView();
  const hash = location.hash || home(session.user.role);
  const packet = /^#\/packets\/([^/]+)$/.exec(hash);
  app.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    let next: () => void;
    if (packet) next = await packetView(app, session, decodeURIComponent(packet[1]!));
    else if (hash === '#/dashboards') next = await (await import('./dashboard-view.js')).dashboardView(app);
    else next = await queueView(app, session);
    // A newer navigation started while this screen loaded: drop it.
    if (mine !== generation) next();
    else dispose = next;
  } catch (err) {
    if (mine !== generation) return;
    if (err instanceof ApiError && err.status === 401) return;
    const message = err instanceof ApiError ? `${err.message} (${err.code})` : String(err);
    app.replaceChildren(h('p', { class: 'error' }, message), h('a', { href: home(session.user.role) }, 'Back'));
    if (err instanceof ApiError && err.status === 403) toast('Your role may not open this page', 'error');
  }
}

useSession(undefined, signedOut);
window.addEventListener('hashchange', () => void route());
void route();
