// The console's plumbing: the token, API calls, the reason dialog, and small helpers. Plain ES module, no build step.

const tokenKey = 'slipway.token';

export class LoginNeeded extends Error {}

export const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
export const short = v => v ? String(v).slice(0, 7) : 'none';
export const enc = encodeURIComponent;
/** An enum name from stored evidence (`NoData`, `NotComparable`) as the glossary's snake_case word (`no_data`, `not_comparable`). */
export const word = v => String(v ?? '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
export const token = () => sessionStorage.getItem(tokenKey);
export const setToken = t => t ? sessionStorage.setItem(tokenKey, t) : sessionStorage.removeItem(tokenKey);

export function seconds(s) {
  if (s === null || s === undefined) return '–';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

export const time = at => at ? new Date(at).toLocaleTimeString() : '';
export const dateTime = at => at ? new Date(at).toLocaleString() : '';

async function call(method, path, body, raw) {
  const t = token();
  if (!t) throw new LoginNeeded();
  const headers = { Authorization: `Bearer ${t}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) {
    setToken(null);
    throw new LoginNeeded('that token was not accepted');
  }
  if (!r.ok) {
    let detail = `${r.status}`;
    try { const p = await r.json(); detail = p.detail || p.title || detail; } catch { /* not problem details */ }
    const e = new Error(`${method} ${path}: ${detail}`);
    e.status = r.status;
    throw e;
  }
  if (raw) return r.text();
  return r.status === 204 ? null : r.json();
}

export const get = path => call('GET', path);
export const getText = path => call('GET', path, undefined, true);
export const post = (path, body) => call('POST', path, body ?? {});

/** Asks for a reason in a modal dialog; resolves with the text, or null when cancelled. */
export function askReason(what) {
  const dialog = document.getElementById('reasonDialog');
  const input = document.getElementById('reasonText');
  document.getElementById('reasonWhat').textContent = what;
  input.value = '';
  return new Promise(resolve => {
    const form = document.getElementById('reasonForm');
    const cancel = document.getElementById('reasonCancel');
    const done = value => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      resolve(value);
    };
    const onSubmit = e => { e.preventDefault(); const v = input.value.trim(); if (v) done(v); };
    const onCancel = e => { e.preventDefault(); done(null); };
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    input.focus();
  });
}

/**
 * The live stream: server-sent events from the journal (GET /api/events/stream), read with fetch so the token goes in
 * the Authorization header. Reconnects after a drop; `onEvent` gets each journal frame, `onReset` a reconnect or a loss.
 */
export function openLive(onEvent, onReset, onState) {
  let stopped = false;
  let controller = null;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const t = token();
        if (!t) { onState('not logged in'); return; }
        const r = await fetch('/api/events/stream', { headers: { Authorization: `Bearer ${t}` }, signal: controller.signal });
        if (!r.ok || !r.body) throw new Error(`stream: ${r.status}`);
        onState('live');
        onReset();
        const reader = r.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            let type = 'message', data = '';
            for (const line of frame.split('\n')) {
              if (line.startsWith('event: ')) type = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (type === 'journal') { try { onEvent(JSON.parse(data)); } catch (e) { console.warn('journal frame', e); } }
            else if (type === 'lost') onReset();
          }
        }
      } catch (e) {
        if (stopped || e.name === 'AbortError') return;
      }
      onState('reconnecting…');
      await new Promise(r => setTimeout(r, 2000));
    }
  }
  run();
  return () => { stopped = true; controller?.abort(); };
}
