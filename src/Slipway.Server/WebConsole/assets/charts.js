// SVG charts drawn from API data: the judge's evidence (old against new over the bake) and DORA over time.
import { esc } from './core.js';

const W = 640, H = 220, L = 64, R = 16, T = 16, B = 34;

/** How a check's values read: ratios as %, latencies in ms, rates per second. */
export function unit(kind) {
  if (kind === 'ErrorRatio' || kind === 0) return { fmt: v => `${(v * 100).toFixed(v < 0.01 ? 2 : 1)}%`, relative: false };
  if (kind === 'LatencyQuantile' || kind === 1) return { fmt: v => `${(v * 1000).toFixed(v < 0.01 ? 1 : 0)} ms`, relative: true };
  return { fmt: v => `${v.toFixed(2)}/s`, relative: true };
}

/** Where a regression starts for a check, given the old value: old + effect (percentage points) or old × (1 ± effect). */
export function threshold(check, old) {
  if (old === null || old === undefined) return null;
  const u = unit(check.kind);
  const eff = check.minimumEffect ?? 0;
  const down = check.bad === 'Decrease' || check.bad === 1;
  if (!u.relative) return down ? old - eff : old + eff;
  return down ? old * (1 - eff) : old * (1 + eff);
}

function path(points) {
  return points.filter(p => p[1] !== null).map((p, i) => `${i === 0 ? 'M' : 'L'}${p[0].toFixed(1)},${p[1].toFixed(1)}`).join(' ');
}

/**
 * One check's chart: old (blue) and new (orange) over the bake's looks, the threshold (dashed red) and the moment of
 * decision (a vertical line). Without per-look samples (older journals) it draws the final values as two bars.
 */
export function evidenceChart(evidence, check, index, title) {
  const u = unit(check.kind);
  const series = evidence.series;
  const decided = evidence.elapsedSeconds ?? null;
  const decision = evidence.decision ?? '';
  const label = `${esc(title)}: ${esc(check.check)} (${esc(check.metric)}), old against new`;
  if (!series || !series.t || series.t.length === 0 || series.checks.indexOf(check.check) < 0) {
    return barsChart(check, u, label, decision);
  }

  const k = series.checks.indexOf(check.check);
  const ts = series.t;
  const olds = series.old.map(v => v[k]);
  const news = series.new.map(v => v[k]);
  const ths = olds.map(o => threshold(check, o));
  const tMax = Math.max(decided ?? 0, evidence.bakeSeconds ?? 0, ts[ts.length - 1], 0.001);
  const values = [...olds, ...news, ...ths].filter(v => v !== null && v !== undefined && isFinite(v));
  let yMax = Math.max(...values, 0) * 1.15;
  if (yMax <= 0) yMax = 1;
  const x = t => L + (W - L - R) * (t / tMax);
  const y = v => v === null || v === undefined ? null : T + (H - T - B) * (1 - Math.min(v, yMax) / yMax);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(f => f * yMax);
  const axis = ticks.map(v => `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#eaeef2"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10" fill="#57606a">${esc(u.fmt(v))}</text>`).join('');
  const xTicks = [0, 0.5, 1].map(f => f * tMax).map(t => `<text x="${x(t)}" y="${H - B + 14}" text-anchor="middle" font-size="10" fill="#57606a">${t.toFixed(1)} s</text>`).join('');
  const decisionLine = decided === null ? '' :
    `<line x1="${x(decided)}" x2="${x(decided)}" y1="${T}" y2="${H - B}" stroke="#24292f" stroke-width="1.5"/>` +
    (x(decided) > (L + W - R) / 2
      // Past the middle the label sits left of the line, so that it is never cut off at the chart's right edge.
      ? `<text x="${x(decided) - 4}" y="${T + 10}" text-anchor="end" font-size="11" fill="#24292f" class="decision">decided: ${esc(decision)} at ${decided.toFixed(1)} s</text>`
      : `<text x="${x(decided) + 4}" y="${T + 10}" font-size="11" fill="#24292f" class="decision">decided: ${esc(decision)} at ${decided.toFixed(1)} s</text>`);
  const bakeLine = evidence.bakeSeconds ? `<line x1="${x(evidence.bakeSeconds)}" x2="${x(evidence.bakeSeconds)}" y1="${T}" y2="${H - B}" stroke="#8c959f" stroke-dasharray="2 3"/><text x="${x(evidence.bakeSeconds) - 4}" y="${H - B - 4}" text-anchor="end" font-size="10" fill="#8c959f">bake ${evidence.bakeSeconds} s</text>` : '';
  const pts = arr => arr.map((v, i) => [x(ts[i]), y(v)]);
  return `<svg class="chart evidence-chart" data-check="${esc(check.check)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${label}">
    <title>${label}</title>
    ${axis}${xTicks}${bakeLine}
    <path d="${path(pts(ths))}" fill="none" stroke="#cf222e" stroke-dasharray="6 4" stroke-width="1.5" class="threshold"/>
    <path d="${path(pts(olds))}" fill="none" stroke="#0969da" stroke-width="2" class="old"/>
    <path d="${path(pts(news))}" fill="none" stroke="#bc4c00" stroke-width="2" class="new"/>
    ${decisionLine}
    <text x="${L}" y="${H - 6}" font-size="10" fill="#57606a">seconds into the bake · ${ts.length} look(s)</text>
  </svg>`;
}

function barsChart(check, u, label, decision) {
  const vals = [check.old, check.new, threshold(check, check.old)].filter(v => v !== null && v !== undefined);
  const max = Math.max(...vals, 0) * 1.2 || 1;
  const bw = W - L - R;
  const bar = (v, row, colour, name) => v === null || v === undefined ? '' :
    `<rect x="${L}" y="${T + row * 44}" width="${Math.max(1, bw * v / max)}" height="26" fill="${colour}"/><text x="${L - 6}" y="${T + row * 44 + 17}" text-anchor="end" font-size="11" fill="#24292f">${name}</text><text x="${L + 4 + bw * v / max}" y="${T + row * 44 + 17}" font-size="11" fill="#24292f">${esc(u.fmt(v))}</text>`;
  const th = threshold(check, check.old);
  return `<svg class="chart evidence-chart" data-check="${esc(check.check)}" viewBox="0 0 ${W} 140" width="${W}" height="140" role="img" aria-label="${label}">
    <title>${label}</title>
    ${bar(check.old, 0, '#0969da', 'old')}${bar(check.new, 1, '#bc4c00', 'new')}
    ${th === null ? '' : `<line x1="${L + bw * th / max}" x2="${L + bw * th / max}" y1="${T - 6}" y2="${T + 76}" stroke="#cf222e" stroke-dasharray="6 4" class="threshold"/>`}
    <text x="${L}" y="132" font-size="10" fill="#57606a">final values at the decision (${esc(decision)}); no per-look samples were journaled</text>
  </svg>`;
}

/** DORA over time: deployments (bars) and failed changes (red bars) per day. */
export function doraChart(days) {
  const w = 900, h = 200, l = 40, r = 10, t = 10, b = 30;
  const n = Math.max(days.length, 1);
  const max = Math.max(...days.map(d => d.deployments + d.failedChanges), 1);
  const slot = (w - l - r) / n;
  const bars = days.map((d, i) => {
    const x = l + i * slot;
    const dh = (h - t - b) * d.deployments / max;
    const fh = (h - t - b) * d.failedChanges / max;
    return `<rect x="${x + 1}" y="${h - b - dh}" width="${Math.max(1, slot - 2)}" height="${dh}" fill="#1a7f37"><title>${esc(d.day)}: ${d.deployments} deployment(s)</title></rect>` +
      `<rect x="${x + 1}" y="${h - b - dh - fh}" width="${Math.max(1, slot - 2)}" height="${fh}" fill="#cf222e"><title>${esc(d.day)}: ${d.failedChanges} failed change(s)</title></rect>`;
  }).join('');
  const labels = days.filter((_, i) => i % Math.ceil(n / 8) === 0).map(d => {
    const i = days.indexOf(d);
    return `<text x="${l + i * slot + slot / 2}" y="${h - 10}" text-anchor="middle" font-size="10" fill="#57606a">${esc(d.day.slice(5))}</text>`;
  }).join('');
  return `<svg class="chart dora-chart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="deployments and failed changes per day">
    <text x="${l - 6}" y="${t + 10}" text-anchor="end" font-size="10" fill="#57606a">${max}</text>
    <text x="${l - 6}" y="${h - b}" text-anchor="end" font-size="10" fill="#57606a">0</text>
    <line x1="${l}" x2="${w - r}" y1="${h - b}" y2="${h - b}" stroke="#d0d7de"/>
    ${bars}${labels}
  </svg>`;
}

/** Instances by version as one stacked bar. */
export function versionBar(byVersion) {
  const colours = ['#0969da', '#8250df', '#bf3989', '#1a7f37', '#9a6700', '#cf222e'];
  const entries = Object.entries(byVersion || {});
  const total = entries.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return '<div class="muted">no instances</div>';
  let x = 0;
  const parts = entries.map(([v, c], i) => {
    const w = 100 * c / total;
    const part = `<rect x="${x}%" y="0" width="${w}%" height="20" fill="${colours[i % colours.length]}"><title>${esc(v)}: ${c}</title></rect><text x="${x + 1}%" y="14" font-size="11" fill="#fff">${esc(v.slice(0, 7))} ×${c}</text>`;
    x += w;
    return part;
  }).join('');
  return `<svg class="bar versions" width="100%" height="20" role="img" aria-label="instances by version: ${esc(entries.map(([v, c]) => `${v.slice(0, 7)} ×${c}`).join(', '))}">${parts}</svg>`;
}
