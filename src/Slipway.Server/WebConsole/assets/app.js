// The console's entry point: login, the router (real URLs under /console/), and live updates from the journal.
import { LoginNeeded, esc, get, token, setToken, openLive } from './core.js';
import * as views from './views.js';

const main = document.getElementById('main');
let who = null;
let stopLive = null;
let rendering = false;
let again = false;

const loginHtml = message => `<section id="login"><h1>Log in</h1>
  ${message ? `<p class="error">${esc(message)}</p>` : ''}
  <form id="loginForm">
    <label for="token">A Slipway token (read scope or more). The first admin token is in <code>&lt;data&gt;/admin-token</code>;
    <code>slipway tokens create NAME --scope read</code> makes one for a person.</label>
    <input id="token" type="password" autocomplete="off" spellcheck="false" placeholder="slw_…" required>
    <button type="submit">Log in</button>
  </form></section>`;

function showLogin(message) {
  who = null;
  stopLive?.();
  stopLive = null;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('live').textContent = 'not logged in';
  main.innerHTML = loginHtml(message);
  document.getElementById('loginForm').addEventListener('submit', e => {
    e.preventDefault();
    setToken(document.getElementById('token').value.trim());
    start();
  });
  document.getElementById('token').focus();
}

/** The route: which view a path under /console/ shows. */
function route() {
  const path = location.pathname.replace(/\/+$/, '');
  const params = new URLSearchParams(location.search);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'console') parts.shift();
  const [what, a, b] = parts;
  switch (what) {
    case undefined: return { nav: 'overview', html: () => views.overview() };
    case 'services': return { nav: 'overview', html: () => views.service(a, who), bind: () => { views.bindService(a, refresh); views.bindContracts(a, refresh); } };
    case 'releases': return { nav: 'overview', html: () => views.release(a, b), bind: views.bindLogs };
    case 'runs': return { nav: 'overview', html: () => views.run(a), bind: views.bindLogs };
    case 'rollouts': return { nav: 'overview', html: () => views.rollout(a) };
    case 'fleet': return { nav: 'fleet', html: () => views.fleet() };
    case 'flags': return { nav: 'flags', html: () => views.flags(a, who), bind: () => views.bindFlags(a || document.querySelector('[data-flags]')?.dataset.flags, refresh) };
    case 'tests': return { nav: 'tests', html: () => views.tests(a) };
    case 'history': return { nav: 'history', html: () => views.history(params), bind: () => views.bindHistory(navigate) };
    case 'dora': return { nav: 'dora', html: () => views.dora(params) };
    default: return { nav: '', html: async () => `<section><h1>Not found</h1><p>No view at <code>${esc(location.pathname)}</code>. ${'<a href="/console">Overview</a>'}</p></section>` };
  }
}

/** The page (path and query) that main shows now. */
let shown = null;

/** Renders the current route; a render asked for while one runs happens right after it, once. */
async function render() {
  if (rendering) { again = true; return; }
  rendering = true;
  try {
    do {
      again = false;
      const r = route();
      for (const a of document.querySelectorAll('#nav a')) a.toggleAttribute('aria-current', a.dataset.nav === r.nav);
      if (r.nav) document.querySelector(`#nav a[data-nav="${r.nav}"]`)?.setAttribute('aria-current', 'page');
      const html = await r.html();
      const openDetails = new Set([...main.querySelectorAll('details[open]')].map(d => d.querySelector('summary')?.textContent));
      // A live update that lands while the user types (the fetch began before the first key) must not wipe what they
      // typed or the answer to what they last did: on the same page, typed inputs and status lines are carried over.
      const samePage = shown === location.pathname + location.search;
      const typed = samePage ? [...main.querySelectorAll('input[id], textarea[id]')].filter(i => i.value !== i.defaultValue).map(i => [i.id, i.value]) : [];
      const said = samePage ? [...main.querySelectorAll('[role=status][id]')].filter(e => e.textContent).map(e => [e.id, e.textContent]) : [];
      const focused = samePage && main.contains(document.activeElement) ? document.activeElement.id : '';
      main.innerHTML = html;
      shown = location.pathname + location.search;
      for (const [id, value] of typed) { const el = document.getElementById(id); if (el && main.contains(el)) el.value = value; }
      for (const [id, text] of said) { const el = document.getElementById(id); if (el && main.contains(el) && !el.textContent) el.textContent = text; }
      if (focused) document.getElementById(focused)?.focus();
      for (const d of main.querySelectorAll('details')) if (openDetails.has(d.querySelector('summary')?.textContent)) d.open = true;
      r.bind?.();
      for (const d of main.querySelectorAll('details[data-log][open]')) d.dispatchEvent(new Event('toggle'));
      document.title = `Slipway · ${main.querySelector('h1')?.textContent ?? ''}`;
    } while (again);
  } catch (e) {
    if (e instanceof LoginNeeded) { showLogin(e.message); return; }
    main.innerHTML = `<section class="error" role="alert">${esc(e.message)}</section>`;
  } finally {
    rendering = false;
  }
}

/** Live updates re-render the page, unless the user is in the middle of typing in it or a dialog is open. */
let pending = null;
function refresh() {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    const busy = document.getElementById('reasonDialog').open || (document.activeElement && main.contains(document.activeElement) && document.activeElement.matches('input, select'));
    if (busy) { refresh(); return; }
    render();
  }, 150);
}

function navigate(href) {
  history.pushState(null, '', href);
  render();
  main.focus();
}

document.addEventListener('click', e => {
  const a = e.target.closest('a[href^="/console"]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);

document.getElementById('logout').addEventListener('click', () => {
  setToken(null);
  showLogin();
});

async function start() {
  if (!token()) { showLogin(); return; }
  try {
    who = await get('/api/whoami');
  } catch (e) {
    if (e instanceof LoginNeeded) { showLogin(e.message); return; }
    main.innerHTML = `<section class="error" role="alert">${esc(e.message)}</section>`;
    return;
  }
  document.getElementById('who').textContent = `${who.name} (${who.scope}${who.canDeploy ? '' : ', read-only'})`;
  document.getElementById('logout').hidden = false;
  const live = document.getElementById('live');
  stopLive?.();
  stopLive = openLive(
    frame => { live.textContent = `${new Date(frame.at).toLocaleTimeString()} ${frame.service}: ${frame.text.trim()}`; refresh(); },
    refresh,
    state => { live.textContent = state; });
  await render();
}

start();
