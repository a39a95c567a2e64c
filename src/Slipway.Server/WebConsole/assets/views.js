// The console's views. Each one reads the HTTP API and returns HTML; controls appear only for a token that may use them.
import { esc, short, enc, word, get, getText, post, seconds, time, dateTime, askReason } from './core.js';
import { evidenceChart, doraChart, versionBar } from './charts.js';

const link = (href, text) => `<a href="${esc(href)}">${text}</a>`;
const svc = name => `/console/services/${enc(name)}`;
const rolloutLink = id => `/console/rollouts/${enc(id)}`;
const runLink = id => `/console/runs/${enc(id)}`;
const releaseLink = (service, version) => `/console/releases/${enc(service)}/${enc(version)}`;
const outcome = o => `<span class="${esc(o)}">${esc(String(o).replace('_', ' '))}</span>`;

function bakeOf(configYaml) {
  const m = /^bake:\s*"?(\d+(?:\.\d+)?)(ms|s|m)?"?/m.exec(configYaml || '');
  if (!m) return null;
  const n = parseFloat(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
}

/** What is happening now for a service, in one line: a pipeline step, or wave N of M with the bake's seconds left. */
async function happeningNow(status) {
  const s = status.service;
  if (s.activeRollout) {
    const d = await get(`/api/rollouts/${enc(s.activeRollout)}`);
    const r = d.rollout;
    const last = d.timeline[d.timeline.length - 1];
    const started = d.timeline.find(t => t.type === 'RolloutStarted');
    const bake = bakeOf(started?.event?.configYaml);
    const wave = `wave ${r.currentWave + 1} of ${r.waves.length}`;
    let what = last ? last.text.trim() : 'starting';
    const routed = [...d.timeline].reverse().find(t => t.type === 'InstancesRouted');
    if (last && (last.type === 'InstancesRouted' || last.type === 'SelfTestPassed') && routed && bake !== null) {
      const left = Math.max(0, bake - (Date.now() - new Date(routed.at).getTime()) / 1000);
      what = `baking, about ${left.toFixed(0)} s left of ${bake} s`;
    }
    // The judge's own progress (counts so far against the minimum, time left before the not-enough-data policy).
    const judged = status.bake ? `<div class="why" data-bake>bake: ${esc(status.bake.line)}</div>` : '';
    return `${link(rolloutLink(r.rolloutId), `rolling out <code>${short(r.version)}</code>`)}: ${wave}: ${esc(what)}${judged}`;
  }
  const run = status.runs.find(r => r.status === 'running' || r.status === 'queued');
  if (run) {
    const d = await get(`/api/runs/${enc(run.runId)}`);
    const done = d.steps.map(x => x.step).join(' ▸ ');
    return `${link(runLink(run.runId), `pipeline ${esc(run.runId)}`)} ${esc(run.status)} for <code>${short(run.commit)}</code>${done ? `: done ${esc(done)}` : ''}`;
  }
  return s.paused ? 'paused: no new wave starts until resumed' : 'idle';
}

function lastOutcome(status) {
  const r = status.rollouts[0];
  if (!r) return '<span class="muted">no rollout yet</span>';
  return `${link(rolloutLink(r.rolloutId), `<code>${short(r.version)}</code>`)} ${outcome(r.outcome)}${r.reason ? ` (${esc(r.reason)})` : ''}<div class="why">${esc(r.summary ?? '')}</div>`;
}

export async function overview() {
  const list = await get('/api/services');
  if (list.length === 0) return `<section><h1>Overview</h1><p>No services yet. Add one with <code>slipway services add &lt;name&gt; &lt;repository&gt;</code>.</p></section>`;
  const cards = await Promise.all(list.map(async summary => {
    const status = await get(`/api/services/${enc(summary.name)}`);
    const s = status.service;
    return `<section class="card" data-service="${esc(s.name)}">
      <h2>${link(svc(s.name), esc(s.name))} ${s.paused ? '<span class="warn">[paused]</span>' : ''}</h2>
      <div>production ${s.productionVersion ? link(releaseLink(s.name, s.productionVersion), `<code>${short(s.productionVersion)}</code>`) : '<code>none</code>'} on ${s.instances} instance(s) · front door <code>${esc(s.frontDoor)}</code></div>
      ${versionBar(s.instancesByVersion)}
      <div class="now" data-now>now: ${await happeningNow(status)}</div>
      <div>last outcome: ${lastOutcome(status)}</div>
      ${s.problem ? `<div class="error">${esc(s.problem)}</div>` : ''}
    </section>`;
  }));
  return `<h1>Overview</h1><div class="grid">${cards.join('')}</div>`;
}

export async function service(name, who) {
  const status = await get(`/api/services/${enc(name)}`);
  const s = status.service;
  const controls = who.canDeploy ? `<div class="controls" role="group" aria-label="controls">
      <label for="deployCommit">commit</label><input id="deployCommit" size="14" placeholder="sha or ref" autocomplete="off">
      <button type="button" data-action="deploy">Deploy</button>
      <button type="button" class="danger" data-action="rollback">Roll back</button>
      ${s.paused ? '<button type="button" data-action="resume">Resume</button>' : '<button type="button" data-action="pause">Pause</button>'}
      <span class="why" id="controlResult" role="status"></span>
    </div>` : '';
  return `<section data-service="${esc(s.name)}">
    <h1>${esc(s.name)} ${s.paused ? '<span class="warn">[paused]</span>' : ''}</h1>
    <div class="muted">${esc(s.repository)} (${esc(s.branch)}) · front door <code>${esc(s.frontDoor)}</code> · ${link(`/console/flags/${enc(s.name)}`, 'flags')} · ${link(`/console/tests/${enc(s.name)}`, 'tests')} · ${link(`/console/history?service=${enc(s.name)}`, 'history')}</div>
    ${controls}
    <div>production ${s.productionVersion ? link(releaseLink(s.name, s.productionVersion), `<code>${short(s.productionVersion)}</code>`) : '<code>none</code>'} on ${s.instances} instance(s)</div>
    ${versionBar(s.instancesByVersion)}
    <div class="now">now: ${await happeningNow(status)}</div>
    <h3>Rollouts</h3>
    <table><thead><tr><th>rollout</th><th>version</th><th>trigger</th><th>outcome</th><th>waves</th><th>took</th><th>why</th></tr></thead><tbody>
    ${status.rollouts.slice(0, 20).map(r => `<tr><td>${link(rolloutLink(r.rolloutId), `<code>${esc(r.rolloutId)}</code>`)}</td><td>${link(releaseLink(s.name, r.version), `<code>${short(r.version)}</code>`)}</td><td>${esc(r.trigger)}</td>
      <td>${outcome(r.outcome)}${r.reason ? ` (${esc(r.reason)})` : ''}</td><td>${r.waves.join(', ')}</td><td>${seconds(r.seconds)}</td><td class="why">${esc(r.summary ?? '')}</td></tr>`).join('')}
    </tbody></table>
    ${contractsTable(s.name, status.contracts ?? [], who)}
    <h3>Pipeline runs</h3>
    <table><thead><tr><th>run</th><th>commit</th><th>trigger</th><th>status</th><th>took</th><th>detail</th></tr></thead><tbody>
    ${status.runs.slice(0, 20).map(r => `<tr><td>${link(runLink(r.runId), `<code>${esc(r.runId)}</code>`)}</td><td><code>${short(r.commit)}</code></td><td>${esc(r.trigger)}</td>
      <td class="${esc(r.status)}">${esc(r.status)}</td><td>${seconds(r.seconds)}</td><td class="why">${esc(r.failedStep ? `${r.failedStep}: ${r.message}` : r.artifactDigest ? `sha256:${r.artifactDigest.slice(0, 12)}` : '')}</td></tr>`).join('')}
    </tbody></table>
    <h3>Instances</h3>
    ${fleetTable(status.fleet.map(i => ({ ...i, service: s.name })))}
  </section>`;
}

export function bindService(name, refresh) {
  const result = document.getElementById('controlResult');
  for (const button of document.querySelectorAll('[data-action]')) {
    button.addEventListener('click', async () => {
      const action = button.dataset.action;
      let body = {};
      if (action === 'deploy') {
        const commit = document.getElementById('deployCommit').value.trim();
        if (!commit) { result.textContent = 'name a commit to deploy'; return; }
        body.commit = commit;
      }
      const reason = await askReason(`${action} ${name}${body.commit ? ` ${body.commit}` : ''}`);
      if (reason === null) return;
      body.reason = reason;
      try {
        const answer = await post(`/api/services/${enc(name)}/${action}`, body);
        result.textContent = answer?.message ?? 'done';
      } catch (e) {
        result.textContent = e.message;
      }
      refresh();
    });
  }
}

// Contract migrations wait, visibly, until their release is promoted and watched; a deploy token may acknowledge one.
function contractsTable(name, contracts, who) {
  if (contracts.length === 0) return '';
  return `<h3>Contract migrations</h3>
    <table class="contracts"><thead><tr><th>file</th><th>release</th><th>state</th><th>why</th>${who.canDeploy ? '<th>controls</th>' : ''}</tr></thead><tbody>
    ${contracts.map(c => `<tr><td><code>${esc(c.file)}</code></td><td>${link(releaseLink(name, c.version), `<code>${short(c.version)}</code>`)}</td>
      <td class="${c.state === 'applied' ? 'ok' : c.state === 'failed' ? 'bad' : ''}">${esc(c.state)}</td>
      <td class="why">${esc(c.waitingFor)}${c.acknowledgedBy ? ` (acknowledged by ${esc(c.acknowledgedBy)}: ${esc(c.acknowledgedReason ?? '')})` : ''}</td>
      ${who.canDeploy ? `<td>${c.state === 'waiting' || c.state === 'failed' ? `<button type="button" data-contract-file="${esc(c.file)}" data-contract-run="${esc(c.runId)}">Acknowledge</button>` : ''}</td>` : ''}</tr>`).join('')}
    </tbody></table>`;
}

export function bindContracts(name, refresh) {
  const result = document.getElementById('controlResult');
  for (const button of document.querySelectorAll('[data-contract-file]')) {
    button.addEventListener('click', async () => {
      const file = button.dataset.contractFile;
      const reason = await askReason(`acknowledge contract migration ${file} of ${name} (it runs before its watch window passed)`);
      if (reason === null) return;
      try {
        const answer = await post(`/api/services/${enc(name)}/contracts/acknowledge`, { file, runId: button.dataset.contractRun, reason });
        if (result) result.textContent = `${file}: ${answer?.waitingFor ?? 'acknowledged'}`;
      } catch (e) {
        if (result) result.textContent = e.message;
      }
      refresh();
    });
  }
}

function fleetTable(instances) {
  if (instances.length === 0) return '<p class="muted">no instances</p>';
  return `<table class="fleet"><thead><tr><th>instance</th><th>service</th><th>version</th><th>host</th><th>state</th><th>routed</th><th>port</th><th>pid</th><th>restarts</th></tr></thead><tbody>
    ${instances.map(i => `<tr><td><code>${esc(i.id)}</code></td><td>${link(svc(i.service), esc(i.service))}</td><td><code>${short(i.version)}</code></td><td>${esc(i.host)}</td>
      <td class="${esc(i.state)}">${esc(i.state)}</td><td>${i.routed ? 'yes' : '–'}</td><td>${i.port ?? ''}</td><td>${i.pid ?? ''}</td><td>${i.restarts}</td></tr>`).join('')}
  </tbody></table>`;
}

function agentsTable(agents) {
  if (agents.length === 0) return '<p class="muted">no agent has been heard from since the server started</p>';
  return `<table class="agents"><thead><tr><th>host</th><th>agent</th><th>last heard</th><th>instances</th><th>listening</th></tr></thead><tbody>
    ${agents.map(a => `<tr><td><code>${esc(a.host)}</code></td><td class="${a.live ? 'listening' : 'failed'}">${a.live ? 'live' : 'silent'}</td>
      <td title="${esc(dateTime(a.lastSeen))}">${esc(time(a.lastSeen))}</td><td>${a.instances}</td><td>${a.listening}</td></tr>`).join('')}
  </tbody></table>`;
}

export async function fleet() {
  const [list, agents] = await Promise.all([get('/api/services'), get('/api/agents')]);
  const all = [];
  for (const summary of list) {
    const status = await get(`/api/services/${enc(summary.name)}`);
    all.push(...status.fleet.map(i => ({ ...i, service: summary.name })));
  }
  const hosts = [...new Set([...agents.map(a => a.host), ...all.map(i => i.host)])].sort();
  const byHost = hosts.map(h => {
    const mine = all.filter(i => i.host === h);
    const agent = agents.find(a => a.host === h);
    const heard = agent ? (agent.live ? 'agent live' : `agent silent since ${esc(time(agent.lastSeen))}`) : 'no agent heard from';
    const healthy = mine.filter(i => i.state === 'listening').length;
    return `<section><h2>host <code>${esc(h)}</code></h2>
      <div class="muted">${heard} · ${healthy} of ${mine.length} instance(s) listening · ${mine.reduce((n, i) => n + i.restarts, 0)} restart(s)</div>
      ${fleetTable(mine)}</section>`;
  });
  return `<h1>Fleet</h1><section><h2>Agents</h2>${agentsTable(agents)}</section>${byHost.join('') || '<section class="muted">No instances on any host.</section>'}`;
}

// ---- a commit's way to production ------------------------------------------------------------------------------

const stageNames = ['checkout', 'config', 'build', 'test', 'package', 'migrate'];

function stages(run, steps) {
  const byName = new Map(steps.map(s => [s.step, s]));
  const failed = run.failedStep;
  return `<ol class="stages" aria-label="pipeline stages">${stageNames.map(name => {
    const s = byName.get(name);
    if (s) return `<li class="${s.succeeded ? 'ok' : 'bad'}">${esc(name)} ${s.succeeded ? '✓' : '✗'} <span class="muted">${seconds(s.seconds)}</span></li>`;
    if (failed === name) return `<li class="bad">${esc(name)} ✗</li>`;
    if (name === 'migrate') return '<li class="none" title="no migration gate in this run">migrate –</li>';
    if (run.status === 'succeeded') return `<li class="ok">${esc(name)} ✓</li>`;
    if (run.status === 'running') return `<li class="warn">${esc(name)} …</li>`;
    return `<li class="none">${esc(name)}</li>`;
  }).join('')}</ol>`;
}

async function testsOfRun(runId) {
  const t = await get(`/api/runs/${enc(runId)}/tests`);
  const live = t.live.length ? `<div class="now">testing now: ${t.live.map(p => `shard ${p.shard}/${p.shardCount} ${p.passed}/${p.total} passed${p.failed ? `, ${p.failed} failed` : ''} (seed ${p.seed})`).join(' · ')}</div>` : '';
  const s = t.stage;
  if (!s) return live || '<p class="muted">no test stage in this run (slipway.yml lists no test projects)</p>';
  return `${live}<div>tests: <span class="${s.outcome === 'passed' ? 'ok' : 'bad'}">${esc(s.outcome)}</span>, ${s.passed}/${s.total} passed, seed <code>${s.seed}</code>, ${s.shardCount} shard(s)${s.quarantined.length ? `, ${s.quarantined.length} quarantined` : ''}</div>
    ${s.failFast && s.failFast.summary ? `<div class="why">fail fast: ${esc(s.failFast.summary)}</div>` : ''}
    ${s.notPassed.length ? `<table><thead><tr><th>test</th><th>outcome</th><th>shard</th><th>took</th></tr></thead><tbody>${s.notPassed.map(x => `<tr><td><code>${esc(x.test)}</code></td><td class="${esc(x.outcome)}">${esc(x.outcome)}</td><td>${x.shard}</td><td>${seconds(x.seconds)}</td></tr>`).join('')}</tbody></table>` : ''}
    ${s.triage.map(v => `<div class="verdict"><b>${esc(v.kind.replace('_', '-'))}</b> ${esc(v.test)}: ${esc(v.explanation)}${v.polluters.length ? `\npolluter(s): ${esc(v.polluters.join(', '))}` : ''}${v.repro ? `\nrepro: ${esc(v.repro)}` : ''}</div>`).join('')}
    ${s.warnings.map(w => `<div class="warn">${esc(w)}</div>`).join('')}`;
}

async function runSection(run) {
  const d = await get(`/api/runs/${enc(run.runId)}`);
  const logs = ['build', 'test'].filter(step => d.steps.some(s => s.step === step) || run.status === 'running');
  return `<section data-run="${esc(run.runId)}">
    <h2>pipeline ${link(runLink(run.runId), esc(run.runId))} <span class="${esc(run.status)}">${esc(run.status)}</span> <span class="muted">(${esc(run.trigger)}, ${seconds(run.seconds)})</span></h2>
    ${stages(run, d.steps)}
    ${run.failedStep ? `<div class="bad">failed at ${esc(run.failedStep)}: ${esc(run.message)}</div>` : ''}
    ${await testsOfRun(run.runId)}
    ${run.artifactDigest ? `<div>artifact <code>sha256:${esc(run.artifactDigest.slice(0, 16))}</code></div>` : ''}
    ${logs.map(step => `<details data-log="${esc(step)}" data-run="${esc(run.runId)}"><summary>${esc(step)} log</summary><pre class="log">…</pre></details>`).join('')}
    ${d.logTail ? `<h3>log tail</h3><pre>${esc(d.logTail)}</pre>` : ''}
  </section>`;
}

export function bindLogs() {
  for (const details of document.querySelectorAll('details[data-log]')) {
    details.addEventListener('toggle', async () => {
      if (!details.open) return;
      const pre = details.querySelector('pre');
      try { pre.textContent = await getText(`/api/runs/${enc(details.dataset.run)}/logs/${enc(details.dataset.log)}`); }
      catch (e) { pre.textContent = e.status === 404 ? 'no log yet' : e.message; }
    });
  }
}

function parseEvidence(json) {
  if (!json) return null;
  try { return JSON.parse(json); } catch { return null; }
}

function evidenceBlock(title, summary, evidenceJson) {
  const ev = parseEvidence(evidenceJson);
  if (!ev || !ev.checks) return `<div class="verdict">${esc(summary)}</div>`;
  return `<div class="evidence" data-evidence="${esc(title)}">
    <div class="legend"><span class="old">old</span> · <span class="new">new</span> · <span class="bad">threshold</span> (dashed) · decision (vertical line)${ev.shadow ? ' · shadow mode: evidence only' : ''}</div>
    ${ev.checks.map((c, i) => `${evidenceChart(ev, c, i, title)}<div class="verdict" data-check-status="${esc(word(c.status))}"><b>${esc(word(c.status))}</b> ${esc(c.summary)}</div>`).join('')}
    <div class="verdict verdict-line">${esc(title)}: ${esc(ev.decision)} (${esc(ev.rule)}): ${esc(summary)}</div>
  </div>`;
}

/** One rollout, wave by wave: instances started, each self-test with its body, the bake with its chart and verdict. */
export async function rollout(id) {
  const d = await get(`/api/rollouts/${enc(id)}`);
  const r = d.rollout;
  const service = d.timeline[0]?.event?.service ?? '';
  const waves = r.waves.map((size, i) => ({ index: i, size, entries: [] }));
  const after = [];
  let wave = -1;
  for (const t of d.timeline) {
    const w = t.event?.wave;
    if (t.type === 'WaveStarted') wave = w;
    if (typeof w === 'number' && waves[w]) waves[w].entries.push(t);
    else if (wave >= 0 && waves[wave] && ['SelfTestPassed', 'SelfTestFailed', 'InstancesRouted', 'InstancesAdded'].includes(t.type)) waves[wave].entries.push(t);
    else if (!['RolloutStarted'].includes(t.type)) after.push(t);
  }
  const waveHtml = waves.map(wv => {
    if (wv.entries.length === 0) return `<div class="wave"><h3>wave ${wv.index + 1} of ${waves.length}: ${wv.size} instance(s)</h3><span class="muted">not started</span></div>`;
    const baked = wv.entries.find(t => t.type === 'WaveBaked');
    const cls = baked ? (baked.event.verdict === 'rollback' ? 'wave-bad' : 'wave-ok') : wv.entries.some(t => t.type === 'SelfTestFailed') ? 'wave-bad' : '';
    const started = wv.entries.find(t => t.type === 'WaveStarted');
    const tests = wv.entries.filter(t => t.type === 'SelfTestPassed' || t.type === 'SelfTestFailed');
    return `<div class="wave ${cls}" data-wave="${wv.index + 1}"><h3>wave ${wv.index + 1} of ${waves.length}: ${wv.size} instance(s)</h3>
      ${started ? `<div>started ${time(started.at)}: ${started.event.instanceIds.map(x => `<code>${esc(x)}</code>`).join(', ')}${started.event.baselineInstanceIds?.length ? ` · baseline of the old version: ${started.event.baselineInstanceIds.map(x => `<code>${esc(x)}</code>`).join(', ')}` : ''}</div>` : ''}
      ${tests.map(t => `<details><summary class="${t.type === 'SelfTestPassed' ? 'ok' : 'bad'}">self-test ${t.type === 'SelfTestPassed' ? 'passed' : 'FAILED'} on <code>${esc(t.event.instanceId)}</code> in ${seconds(t.event.seconds)}${t.event.reason ? `: ${esc(t.event.reason)}` : ''}</summary><pre>${esc(t.event.body || '(no body)')}</pre></details>`).join('')}
      ${baked ? `<div>bake: <span class="${baked.event.verdict === 'rollback' ? 'bad' : 'ok'}">${esc(baked.event.verdict)}</span></div>${evidenceBlock(`wave ${wv.index + 1} bake`, baked.event.summary, baked.event.evidenceJson)}` : ''}
    </div>`;
  }).join('');
  const watch = d.timeline.filter(t => t.type === 'WatchPassed' || t.type === 'WatchFailed');
  const rollbackRequest = d.timeline.find(t => t.type === 'RollbackRequested');
  return `<section data-rollout="${esc(r.rolloutId)}">
    <h1>rollout ${esc(r.rolloutId)}: <code>${short(r.version)}</code> ${outcome(r.outcome)}${r.reason ? ` (${esc(r.reason)})` : ''}</h1>
    <div class="muted">${service ? `${link(svc(service), esc(service))} · ${link(releaseLink(service, r.version), 'its way to production')} · ` : ''}${esc(r.trigger)} · ${r.instances} instance(s) in waves ${r.waves.join(', ')}${r.previousVersion ? ` · replacing <code>${short(r.previousVersion)}</code>` : ''} · ${seconds(r.seconds)}</div>
    ${r.summary ? `<div class="verdict verdict-line">${esc(r.summary)}</div>` : ''}
    ${waveHtml}
    ${rollbackRequest && rollbackRequest.event.evidenceJson && !d.timeline.some(t => t.type === 'WaveBaked' && t.event.evidenceJson === rollbackRequest.event.evidenceJson) ? evidenceBlock('rollback', rollbackRequest.event.summary, rollbackRequest.event.evidenceJson) : ''}
    ${watch.map(w => `<h3>watch window</h3>${evidenceBlock('watch window', w.event.summary, w.event.evidenceJson)}`).join('')}
    <h3>timeline</h3>
    <pre class="timeline">${d.timeline.map(t => `${esc(time(t.at))}  ${esc(t.text)}`).join('\n')}</pre>
  </section>`;
}

/** A commit's way to production: the run that built it, then each of its rollouts. */
export async function release(service, version) {
  const status = await get(`/api/services/${enc(service)}`);
  const runs = status.runs.filter(r => r.commit === version || r.commit.startsWith(version));
  const commit = runs[0]?.commit ?? version;
  const rollouts = status.rollouts.filter(r => r.version === commit).reverse();
  const runHtml = await Promise.all(runs.slice(0, 3).map(runSection));
  const rolloutHtml = await Promise.all(rollouts.map(r => rollout(r.rolloutId)));
  const state = status.service.productionVersion === commit ? '<span class="ok">in production</span>'
    : status.service.rolledBackVersions.includes(commit) ? '<span class="bad">rolled back</span>' : '';
  return `<h1>${link(svc(service), esc(service))} @ <code>${esc(short(commit))}</code> ${state}</h1>
    <div class="muted mono">${esc(commit)}</div>
    ${runHtml.join('') || '<section class="muted">no pipeline run for this commit</section>'}
    ${rolloutHtml.join('') || '<section class="muted">not rolled out</section>'}`;
}

export async function run(runId) {
  const d = await get(`/api/runs/${enc(runId)}`);
  const list = await get('/api/services');
  for (const s of list) {
    const status = await get(`/api/services/${enc(s.name)}`);
    if (status.runs.some(r => r.runId === runId)) return release(s.name, d.run.commit);
  }
  return runSection(d.run);
}

// ---- flags and experiments ---------------------------------------------------------------------------------------

export async function flags(name, who) {
  const list = await get('/api/services');
  const services = list.map(s => s.name);
  name = name || services[0];
  if (!name) return '<section><h1>Flags</h1><p class="muted">No services yet.</p></section>';
  const [flagSet, audit] = await Promise.all([get(`/api/services/${enc(name)}/flags`), get(`/api/services/${enc(name)}/flags-audit`)]);
  const flagList = flagSet.flags ?? [];
  const experiments = await Promise.all(flagList.map(async f => {
    const goal = f.definition?.metadata?.goal;
    if (!goal) return '';
    try {
      const r = await get(`/api/services/${enc(name)}/experiments/${enc(f.key)}/results`);
      return experimentHtml(f.key, r);
    } catch (e) { return `<div class="error">${esc(f.key)}: ${esc(e.message)}</div>`; }
  }));
  const rows = flagList.map(f => `<tr data-flag="${esc(f.key)}"><td><code>${esc(f.key)}</code></td><td class="${f.state === 'ENABLED' ? 'ok' : 'muted'}">${esc(f.state)}</td>
    <td>${esc(f.defaultVariant ?? '')}</td><td>${f.variants.map(esc).join(', ')}</td><td class="why">${esc(f.rule)}${f.guarded ? `<div class="guarded ${f.guarded.state === 'rolled_back' ? 'bad' : 'muted'}">${esc(f.guarded.line)}</div>` : ''}</td>
    ${who.canDeploy ? `<td class="flag-controls"><button type="button" data-flag-action="${f.state === 'ENABLED' ? 'disable' : 'enable'}" data-key="${esc(f.key)}">${f.state === 'ENABLED' ? 'Disable' : 'Enable'}</button>
      <label class="muted" for="pct-${esc(f.key)}">%</label><input id="pct-${esc(f.key)}" type="number" min="0" max="100" size="4" data-percent="${esc(f.key)}">
      <button type="button" data-flag-action="preview" data-key="${esc(f.key)}">Preview</button>
      <button type="button" data-flag-action="rollout" data-key="${esc(f.key)}">Set rollout</button>
      <label class="muted" for="steps-${esc(f.key)}">steps</label><input id="steps-${esc(f.key)}" size="12" placeholder="1,5,25,50,100" data-steps="${esc(f.key)}">
      <button type="button" data-flag-action="guarded" data-key="${esc(f.key)}">Guarded rollout</button></td>` : ''}</tr>`).join('');
  return `<h1>Flags and experiments</h1>
    <div class="filters">${services.map(s => s === name ? `<b>${esc(s)}</b>` : link(`/console/flags/${enc(s)}`, esc(s))).join(' · ')}</div>
    <section data-flags="${esc(name)}"><h2>flags of ${esc(name)} (production)</h2>
    ${flagList.length ? `<table><thead><tr><th>flag</th><th>state</th><th>default</th><th>variants</th><th>rule</th>${who.canDeploy ? '<th>controls</th>' : ''}</tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">no flags</p>'}
    <div class="why" id="flagResult" role="status"></div></section>
    ${experiments.filter(Boolean).length ? `<section><h2>experiments</h2>${experiments.join('')}</section>` : ''}
    <section><h2>who changed what</h2>
    <table><thead><tr><th>when</th><th>who</th><th>what</th><th>flag</th><th>after</th></tr></thead><tbody>
    ${audit.entries.slice(-50).reverse().map(a => `<tr><td>${esc(dateTime(a.at))}</td><td>${esc(a.by)}</td><td>${esc(a.action)}</td><td><code>${esc(a.key)}</code></td><td class="why mono">${esc((a.after ?? 'deleted').slice(0, 160))}</td></tr>`).join('')}
    </tbody></table></section>`;
}

function experimentHtml(key, r) {
  const variants = r.variants ?? r.observations ?? [];
  const srm = r.sampleRatio;
  return `<h3>${esc(key)}: goal ${esc(r.goal ?? '')}</h3>
    <table><thead><tr><th>variant</th><th>exposures</th><th>conversions</th><th>rate</th></tr></thead><tbody>
    ${variants.map(v => `<tr><td>${esc(v.variant ?? v.name)}</td><td>${v.exposures ?? ''}</td><td>${v.conversions ?? ''}</td><td>${v.rate !== undefined && v.rate !== null ? (v.rate * 100).toFixed(2) + '%' : ''}</td></tr>`).join('')}
    </tbody></table>
    ${srm ? `<div class="${srm.mismatch ? 'bad' : 'ok'}">sample-ratio check: ${srm.mismatch ? 'MISMATCH' : 'ok'} (p = ${Number(srm.pValue).toPrecision(3)})</div>` : ''}
    ${(r.warnings ?? []).map(w => `<div class="warn">${esc(w)}</div>`).join('')}
    ${r.summary ? `<div class="verdict">${esc(r.summary)}</div>` : ''}`;
}

export function bindFlags(name, refresh) {
  // Looked up when an answer is written, not when the buttons are bound: a live update that re-renders the page while
  // a request is in flight replaces #flagResult, and the answer written to the old one was lost (seen in CI).
  const result = { set textContent(text) { const el = document.getElementById('flagResult'); if (el) el.textContent = text; } };
  for (const button of document.querySelectorAll('[data-flag-action]')) {
    button.addEventListener('click', async () => {
      const key = button.dataset.key;
      const action = button.dataset.flagAction;
      const base = `/api/services/${enc(name)}/flags/${enc(key)}`;
      const input = document.querySelector(`[data-percent="${CSS.escape(key)}"]`);
      const percent = input && input.value !== '' ? Number(input.value) : null;
      try {
        if (action === 'guarded') {
          // A guarded rollout: each step judged on the flag-on cohort against the flag-off cohort, at least 30 s each.
          const text = document.querySelector(`[data-steps="${CSS.escape(key)}"]`)?.value || '1,5,25,50,100';
          const steps = text.split(',').map(p => Number(p.trim().replace(/%$/, '')));
          if (steps.some(p => !Number.isInteger(p) || p < 1 || p > 100)) { result.textContent = 'give rising percentages from 1 to 100, such as 1,5,25,50,100'; return; }
          const answer = await post(`${base}/guarded`, { steps, minStepSeconds: 30 });
          result.textContent = answer.line;
          refresh();
          return;
        }
        if (action === 'preview' || action === 'rollout') {
          if (percent === null || !(percent >= 0 && percent <= 100)) { result.textContent = 'give a percentage from 0 to 100'; return; }
        }
        if (action === 'preview') {
          const p = await post(`${base}/preview`, { percent });
          result.textContent = `preview of ${key} at ${percent} %: ${p.explanation}`;
          return;
        }
        const reason = await askReason(`${action} flag ${key}${percent !== null && action === 'rollout' ? ` to ${percent} %` : ''} on ${name}`);
        if (reason === null) return;
        const answer = await post(`${base}/${action}`, action === 'rollout' ? { percent, reason } : { reason });
        result.textContent = answer.message;
      } catch (e) { result.textContent = e.message; }
      refresh();
    });
  }
}

// ---- tests, history, DORA ----------------------------------------------------------------------------------------

export async function tests(name) {
  const list = await get('/api/services');
  name = name || list[0]?.name;
  if (!name) return '<section><h1>Tests</h1><p class="muted">No services yet.</p></section>';
  const h = await get(`/api/services/${enc(name)}/tests?top=15`);
  return `<h1>Tests</h1>
    <div class="filters">${list.map(s => s.name === name ? `<b>${esc(s.name)}</b>` : link(`/console/tests/${enc(s.name)}`, esc(s.name))).join(' · ')}</div>
    <section><h2>${esc(name)}: ${h.stageRuns} test run(s)${h.running.length ? ` · running now: ${h.running.map(esc).join(', ')}` : ''}</h2>
    <h3>slowest</h3>${h.slowest.length ? `<table><thead><tr><th>test</th><th>last</th><th>mean</th><th>runs</th></tr></thead><tbody>${h.slowest.map(t => `<tr><td><code>${esc(t.test)}</code></td><td>${seconds(t.lastSeconds)}</td><td>${seconds(t.meanSeconds)}</td><td>${t.runs}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">none yet</p>'}
    <h3>flaky</h3>${h.flaky.length ? `<table><thead><tr><th>test</th><th>flake rate</th><th>flaky runs</th><th>quarantined</th></tr></thead><tbody>${h.flaky.map(t => `<tr><td><code>${esc(t.test)}</code></td><td>${(t.flakeRate * 100).toFixed(0)}%</td><td>${t.flakyRuns}/${t.runs}</td><td>${t.quarantined ? 'yes' : 'no'}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">no flaky tests</p>'}
    <h3>quarantined</h3>${h.quarantined.length ? `<table><thead><tr><th>test</th><th>since</th><th>run</th><th>flake rate</th><th>last</th></tr></thead><tbody>${h.quarantined.map(t => `<tr><td><code>${esc(t.test)}</code></td><td>${esc(dateTime(t.since))}</td><td>${t.runId ? link(runLink(t.runId), esc(t.runId)) : ''}</td><td>${(t.flakeRate * 100).toFixed(0)}%</td><td>${esc(t.lastOutcome ?? '')}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">none quarantined</p>'}
    <h3>recent runs and seeds</h3>${h.recentRuns.length ? `<table><thead><tr><th>run</th><th>seed</th><th>outcome</th><th>detail</th></tr></thead><tbody>${h.recentRuns.map(r => `<tr><td>${link(runLink(r.runId), esc(r.runId))}</td><td><code>${esc(r.seed)}</code></td><td>${esc(r.outcome)}</td><td class="why">${esc(`${r.passed ?? ''}/${r.total ?? ''} passed, ${r.shardCount ?? ''} shard(s)`)}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">no runs yet</p>'}
    </section>`;
}

export async function history(params) {
  const q = new URLSearchParams();
  for (const k of ['service', 'type', 'text']) if (params.get(k)) q.set(k, params.get(k));
  q.set('limit', '200');
  const [h, list] = await Promise.all([get(`/api/events?${q}`), get('/api/services')]);
  return `<h1>History</h1>
    <form class="filters" id="historyFilter" role="search">
      <label>service <select name="service"><option value="">all</option>${list.map(s => `<option ${params.get('service') === s.name ? 'selected' : ''}>${esc(s.name)}</option>`).join('')}</select></label>
      <label>event <input name="type" size="18" value="${esc(params.get('type') ?? '')}" placeholder="e.g. RolloutRolledBack"></label>
      <label>text <input name="text" size="24" value="${esc(params.get('text') ?? '')}" placeholder="who, what or why"></label>
      <button type="submit">Filter</button>
    </form>
    <section><table class="history"><thead><tr><th>when</th><th>service</th><th>what</th><th>who</th><th>why</th></tr></thead><tbody>
    ${h.entries.map(e => `<tr data-type="${esc(e.type)}"><td>${esc(dateTime(e.at))}</td><td>${esc(e.service)}</td>
      <td>${e.subject ? link(e.subject.startsWith('rollout:') ? rolloutLink(e.subject.slice(8)) : runLink(e.subject.slice(4)), esc(e.text)) : esc(e.text)}</td>
      <td>${esc(e.by ?? '')}</td><td class="why">${esc(e.why ?? '')}</td></tr>`).join('')}
    </tbody></table>${h.entries.length === 0 ? '<p class="muted">nothing matches</p>' : ''}</section>`;
}

export function bindHistory(navigate) {
  const form = document.getElementById('historyFilter');
  form?.addEventListener('submit', e => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) q.set(k, v);
    navigate(`/console/history${q.toString() ? `?${q}` : ''}`);
  });
}

export async function dora(params) {
  const days = params.get('days') || '30';
  const r = await get(`/api/metrics/dora?days=${enc(days)}`);
  const fig = (label, value, note) => `<div class="figure"><span class="muted">${label}</span><b>${value}</b><span class="why">${note}</span></div>`;
  const o = r.overall;
  return `<h1>DORA metrics</h1>
    <div class="filters">${['7', '30', '90'].map(d => d === days ? `<b>${d} days</b>` : link(`/console/dora?days=${d}`, `${d} days`)).join(' · ')}</div>
    <section><div class="figures">
      ${fig('deployment frequency', `${o.deploymentsPerDay} / day`, `${o.deployments} deployment(s)`)}
      ${fig('lead time for changes', seconds(o.leadTimeMedianSeconds), `median, p90 ${seconds(o.leadTimeP90Seconds)}`)}
      ${fig('change failure rate', o.changeFailureRate === null ? '–' : `${(o.changeFailureRate * 100).toFixed(1)}%`, `${o.failedChanges} of ${o.changes} change(s)`)}
      ${fig('time to restore', seconds(o.timeToRestoreMedianSeconds), `median of ${o.restores} restore(s)`)}
    </div>
    <h3>per day: deployments (green) and failed changes (red)</h3>${doraChart(r.days)}
    <h3>per service</h3>
    <table><thead><tr><th>service</th><th>deployments</th><th>per day</th><th>lead time</th><th>change failure rate</th><th>time to restore</th></tr></thead><tbody>
    ${Object.entries(r.services).map(([n, f]) => `<tr><td>${link(svc(n), esc(n))}</td><td>${f.deployments}</td><td>${f.deploymentsPerDay}</td><td>${seconds(f.leadTimeMedianSeconds)}</td><td>${f.changeFailureRate === null ? '–' : `${(f.changeFailureRate * 100).toFixed(1)}% (${f.failedChanges}/${f.changes})`}</td><td>${seconds(f.timeToRestoreMedianSeconds)}</td></tr>`).join('')}
    </tbody></table>
    <p class="why">${esc(r.definitions)}</p></section>`;
}
