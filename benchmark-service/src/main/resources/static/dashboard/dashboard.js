'use strict';
// The ArchLab dashboard: plain JavaScript over the benchmark service's API and Chart.js (bundled in the jar).

const KEY_STORAGE = 'archlab.apiKey';
const PALETTE = ['#4f46e5', '#0ea5e9', '#f97316', '#10b981', '#e11d48', '#a855f7', '#eab308', '#14b8a6', '#64748b', '#ec4899'];
const METRICS = {
  decode_tps: {label: 'decode tok/s', format: rate},
  prefill_tps: {label: 'prefill tok/s', format: rate},
  ttft_ms: {label: 'time to first token', format: ms},
  itl_p99_ms: {label: 'inter-token p99', format: ms},
  kv_bytes: {label: 'KV cache', format: bytes},
  peak_memory: {label: 'peak memory', format: bytes},
};

const state = {
  architectures: [],
  contexts: [],
  selected: new Set(JSON.parse(localStorage.getItem('archlab.compare') || '[]')),
  expanded: new Set(),
  ownJobs: new Set(),
  finished: new Set(),
  succeeded: new Map(),
  charts: {},
  colors: new Map(),
};

const $ = (selector) => document.querySelector(selector);

// ---------- formatting ----------
function rate(v) { return v == null || Number.isNaN(v) ? '–' : (v >= 100 ? v.toFixed(1) : v.toFixed(2)); }
function ms(v) { return v == null || Number.isNaN(v) ? '–' : `${v.toFixed(1)} ms`; }
function bytes(v) {
  if (v == null || Number.isNaN(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
function count(v) {
  if (v == null) return '–';
  if (v >= 1e9) return `${(v / 1e9).toFixed(2)} B`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(0)} M`;
  return String(v);
}
function tokens(n) { return n >= 1024 && n % 1024 === 0 ? `${n / 1024}k` : String(n); }
function ago(iso) {
  const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 60) return `${Math.round(s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(iso).toLocaleString();
}
function colorOf(name) {
  if (!state.colors.has(name)) state.colors.set(name, PALETTE[state.colors.size % PALETTE.length]);
  return state.colors.get(name);
}
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  children.flat().filter((c) => c != null).forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c)));
  return node;
}

// ---------- API ----------
async function api(path, options = {}) {
  const headers = {Accept: 'application/json'};
  if (options.body) headers['Content-Type'] = 'application/json';
  // The gateway will require an API key: every call carries the one saved in this browser.
  const key = localStorage.getItem(KEY_STORAGE);
  if (key) headers.Authorization = `Bearer ${key}`;
  const response = await fetch(path, {...options, headers});
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(body?.detail || response.statusText);
    error.problem = body;
    throw error;
  }
  return body;
}

// ---------- API key ----------
function setUpKey() {
  const input = $('#api-key');
  input.value = localStorage.getItem(KEY_STORAGE) || '';
  const show = () => { $('#key-state').textContent = localStorage.getItem(KEY_STORAGE) ? 'saved' : 'none'; };
  show();
  $('#key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim()) localStorage.setItem(KEY_STORAGE, input.value.trim());
    else localStorage.removeItem(KEY_STORAGE);
    show();
    refreshJobs();
    refreshAll();
  });
}

// ---------- queue form ----------
function setUpForm() {
  $('#job-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
    const value = (name) => form.elements[name].value.trim();
    const number = (name) => (value(name) === '' ? undefined : Number(value(name)));
    const body = {
      architectures: value('architectures').split(/[\s,]+/).filter(Boolean),
      contextLengths: value('contextLengths').split(/[\s,]+/).filter(Boolean).map(Number),
      batchSizes: value('batchSizes').split(/[\s,]+/).filter(Boolean).map(Number),
      dtype: value('dtype'), weights: value('weights'), backend: value('backend'),
      promptTokens: number('promptTokens'), generateTokens: number('generateTokens'),
      repeats: number('repeats'), warmup: number('warmup'), seed: number('seed'),
      label: value('label') || undefined,
      scale: value('scale') === 'none' ? undefined : value('scale'),
      kvDtype: value('kvDtype') || undefined,
    };
    $('#form-state').textContent = 'queueing…';
    try {
      const job = await api('/api/v1/benchmarks', {method: 'POST', body: JSON.stringify(body)});
      state.expanded.add(job.id);
      state.ownJobs.add(job.id);
      $('#form-state').textContent = `queued ${job.tasks.length} task${job.tasks.length === 1 ? '' : 's'}`;
      refreshJobs();
    } catch (error) {
      $('#form-state').textContent = error.message;
      for (const e of error.problem?.errors || []) {
        const slot = [...form.querySelectorAll('.error')].find((s) => e.field.startsWith(s.dataset.field));
        if (slot) slot.textContent = `${e.field}: ${e.message}`;
      }
    }
  });
}

// ---------- jobs with live progress ----------
async function refreshJobs() {
  let page;
  try {
    page = await api('/api/v1/benchmarks?limit=8');
    $('#jobs-state').textContent = 'live';
  } catch (error) {
    $('#jobs-state').textContent = `offline: ${error.message}`;
    return;
  }
  const details = await Promise.all(page.items.filter((j) => state.expanded.has(j.id))
    .map((j) => api(`/api/v1/benchmarks/${j.id}`).catch(() => null)));
  const byId = new Map(details.filter(Boolean).map((d) => [d.id, d]));
  const list = $('#job-list');
  list.replaceChildren(...page.items.map((job) => jobItem(job, byId.get(job.id))));
  if (!page.items.length) list.append(el('li', {class: 'empty', text: 'No jobs yet: queue one.'}));

  let newlyFinished = false;
  for (const job of page.items) {
    const finished = !['QUEUED', 'RUNNING'].includes(job.status);
    if (finished && !state.finished.has(job.id)) {
      state.finished.add(job.id);
      newlyFinished = true;
      if (state.ownJobs.has(job.id)) job.architectures.slice(0, 4).forEach((a) => state.selected.add(a));
    }
    // a running job's new results show up as they land, not by re-reading everything on every poll
    if (job.progress.succeeded !== (state.succeeded.get(job.id) ?? 0)) newlyFinished = true;
    state.succeeded.set(job.id, job.progress.succeeded);
  }
  if (newlyFinished) refreshAll();
}

function jobItem(job, detail) {
  const p = job.progress;
  const part = (n, cls) => el('span', {class: cls, style: `width:${(100 * n) / p.total}%`});
  const item = el('li', {class: 'job', 'data-id': job.id, 'data-status': job.status},
    el('div', {class: 'job-line'},
      el('span', {class: `pill ${job.status}`, text: job.status}),
      el('span', {class: 'job-name', text: job.label || job.architectures.join(', ')}),
      el('span', {class: 'muted', text: `${p.succeeded + p.failed + p.cancelled}/${p.total}`}),
      el('button', {class: 'link', text: detail ? 'hide' : 'tasks', onclick: () => {
        if (state.expanded.has(job.id)) state.expanded.delete(job.id); else state.expanded.add(job.id);
        refreshJobs();
      }})),
    el('div', {class: 'job-meta', text: `${job.architectures.join(', ')} · ${ago(job.createdAt)} · ${job.id.slice(0, 8)}`}),
    el('div', {class: 'bar'}, part(p.succeeded, 'done'), part(p.failed, 'failed'), part(p.cancelled, 'cancelled'), part(p.running, 'running')));
  if (detail) {
    const rows = detail.tasks.flatMap((t) => [
      el('tr', {},
        el('td', {class: 'task-name', text: t.architecture}), el('td', {text: tokens(t.contextLength)}),
        el('td', {class: 'muted', title: 'sequences decoded together', text: `batch ${t.batch}`}),
        el('td', {}, el('span', {class: `pill ${t.status}`, text: t.status})),
        el('td', {class: 'muted', title: 'deliveries to a worker', text: `×${t.attempts}`})),
      ...(t.error ? [el('tr', {}, el('td', {class: 'err', colspan: 5, text: t.error}))] : []),
    ]);
    item.append(el('table', {class: 'tasks'}, el('tbody', {}, rows)));
    if (detail.tasks.some((t) => t.status === 'QUEUED')) {
      item.querySelector('.job-line').append(el('button', {class: 'link', text: 'cancel', onclick: async () => {
        await api(`/api/v1/benchmarks/${job.id}`, {method: 'DELETE'});
        refreshJobs();
      }}));
    }
  }
  return item;
}

// ---------- what has been measured ----------
// Every view shows results of the one KV cache format chosen (F32 unless another is): an F16 cache is half an F32 one.
const kvDtype = () => `kvDtype=${$('#view-kv').value}`;

async function refreshAll() {
  let memory;
  try {
    memory = await api(`/api/v1/dashboard/memory?${kvDtype()}`);
  } catch (error) {
    return;
  }
  state.architectures = ArchLabScaled.grouped(memory.rows);
  state.rows = new Map(memory.rows.map((r) => [r.architecture, r]));
  state.contexts = [...new Set(memory.rows.map((r) => r.contextLength))].sort((a, b) => a - b);
  state.architectures.forEach(colorOf);
  // A job names originals; a scaled one measured their variants, which stand in for them in the selection.
  [...state.selected].filter((a) => !state.architectures.includes(a)).forEach((a) => {
    state.selected.delete(a);
    memory.rows.filter((r) => r.originalArchitecture === a).forEach((r) => state.selected.add(r.architecture));
  });
  fillContexts($('#board-context'), state.contexts, 4096);
  renderMemory(memory.rows);
  renderPicker();
  await Promise.all([refreshLeaderboard(), refreshComparison(), refreshCurves(), refreshBatchCurves()]);
}

function fillContexts(select, contexts, preferred) {
  const current = Number(select.value) || preferred;
  select.replaceChildren(...contexts.map((c) => el('option', {value: c, text: `${tokens(c)} context`})));
  if (contexts.length) select.value = contexts.includes(current) ? current : contexts[contexts.length - 1];
}

// ---------- leaderboard ----------
async function refreshLeaderboard() {
  const metric = $('#board-metric').value;
  const context = $('#board-context').value;
  const table = $('#board-table');
  if (!context) {
    table.replaceChildren(el('tr', {}, el('td', {class: 'empty', text: 'Nothing measured yet.'})));
    return;
  }
  const board = await api(`/api/v1/dashboard/leaderboard?metric=${metric}&context=${context}&trustedOnly=${$('#board-trusted').checked}&limit=15&${kvDtype()}`);
  const format = METRICS[metric].format;
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {text: '#'}), el('th', {text: 'architecture'}), el('th', {class: 'num', text: METRICS[metric].label}),
      el('th', {text: 'dtype · backend'}), el('th', {text: ''}))),
    el('tbody', {}, board.entries.map((e) => el('tr', {},
      el('td', {class: 'rank', text: e.rank}),
      el('td', {}, el('span', {class: 'swatch', style: `background:${colorOf(e.result.architecture)}`}), ArchLabScaled.label(e.result),
        ArchLabScaled.badge(e.result, el)),
      el('td', {class: e.rank === 1 ? 'num best' : 'num', text: format(e.value)}),
      el('td', {class: 'muted', text: `${e.result.dtype} · ${e.result.backend}`}),
      el('td', {}, e.result.trusted ? '' : el('span', {class: 'pill untrusted', title: 'repeats differ by more than 10%',
        text: `±${Math.round(e.result.spread * 100)}%`}))))));
  chart('board-chart', {
    type: 'bar',
    data: {
      labels: board.entries.map((e) => ArchLabScaled.label(e.result)),
      datasets: [{data: board.entries.map((e) => e.value), backgroundColor: board.entries.map((e) => colorOf(e.result.architecture)), borderRadius: 6, maxBarThickness: 26}],
    },
    options: {indexAxis: 'y', plugins: {legend: {display: false}, tooltip: {callbacks: {label: (c) => format(c.raw)}}},
      scales: {x: {ticks: {callback: (v) => format(v)}}}},
  });
}

// ---------- side by side ----------
function renderPicker() {
  const picker = $('#compare-picker');
  picker.replaceChildren(...state.architectures.map((name) => {
    const on = state.selected.has(name);
    return el('button', {class: on ? 'chip on' : 'chip', 'data-architecture': name, style: on ? `background:${colorOf(name)}` : '',
      text: state.rows?.has(name) ? ArchLabScaled.label(state.rows.get(name)) : name, onclick: () => {
        if (on) state.selected.delete(name);
        else if (state.selected.size < 4) state.selected.add(name);
        localStorage.setItem('archlab.compare', JSON.stringify([...state.selected]));
        renderPicker();
        refreshComparison();
        refreshCurves();
      }});
  }));
  if (!state.architectures.length) picker.append(el('span', {class: 'muted', text: 'Measured architectures appear here.'}));
}

const COMPARED_ROWS = [
  ['decode tok/s', (r) => r.decodeTokensPerSecond, rate, 'high'],
  ['prefill tok/s', (r) => r.prefillTokensPerSecond, rate, 'high'],
  ['time to first token', (r) => r.timeToFirstTokenMs, ms, 'low'],
  ['inter-token p50', (r) => r.interTokenLatencyP50Ms, ms, 'low'],
  ['inter-token p99', (r) => r.interTokenLatencyP99Ms, ms, 'low'],
  ['KV cache, measured', (r) => r.kvCacheBytes, bytes, 'low'],
  ['KV cache, theory', (r) => r.theoreticalKvBytes, bytes, 'low'],
  ['weights, measured', (r) => r.weightBytes, bytes, null],
  ['of which streamable', (r) => r.streamableWeightBytes, bytes, null],
  ['peak memory', (r) => r.peakResidentBytes, bytes, 'low'],
  ['parameters (active)', (r) => r.theoreticalParameters, (v, r) => `${count(v)} (${count(r.theoreticalActiveParameters)})`, null],
  ['repeats · spread', (r) => r.spread, (v, r) => `${r.repeats} · ±${(v * 100).toFixed(1)}%${r.trusted ? '' : ' untrusted'}`, null],
  ['dtype · backend', (r) => r.dtype, (v, r) => `${r.dtype} · ${r.backend}`, null],
  ...ArchLabScaled.comparedRows(rate, bytes),
];

async function refreshComparison() {
  const table = $('#compare-table');
  const names = [...state.selected];
  if (!names.length) {
    table.replaceChildren(el('tr', {}, el('td', {class: 'empty', text: 'Choose architectures above to set them side by side.'})));
    chart('compare-chart', null);
    return;
  }
  const comparison = await api(`/api/v1/dashboard/compare?architectures=${names.map(encodeURIComponent).join(',')}&${kvDtype()}`);
  fillContexts($('#compare-context'), comparison.contexts, Number($('#board-context').value) || 4096);
  const context = Number($('#compare-context').value);
  const at = new Map(comparison.results.filter((r) => r.contextLength === context).map((r) => [r.architecture, r]));
  const body = COMPARED_ROWS.map(([label, pick, format, better, cell]) => {
    const values = names.map((n) => (at.has(n) ? pick(at.get(n)) : null));
    const known = values.filter((v) => v != null);
    const differ = new Set(known).size > 1;
    const best = !differ ? null : better === 'high' ? Math.max(...known) : better === 'low' ? Math.min(...known) : null;
    return el('tr', {}, el('td', {class: 'muted', text: label}),
      names.map((n, i) => el('td', {class: best != null && values[i] === best ? 'num best' : 'num',
        ...(cell && at.has(n) ? cell(at.get(n)) : {}), text: at.has(n) ? format(values[i], at.get(n)) : '–'})));
  });
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', {text: `at ${tokens(context)} tokens`}),
      names.map((n) => el('th', {class: 'num'}, el('span', {class: 'swatch', style: `background:${colorOf(n)}`}),
        at.has(n) ? ArchLabScaled.label(at.get(n)) : n, at.has(n) ? ArchLabScaled.badge(at.get(n), el) : null)))),
    el('tbody', {}, body));
  chart('compare-chart', {
    type: 'bar',
    data: {
      labels: comparison.contexts.map(tokens),
      datasets: names.map((n) => ({
        label: n, backgroundColor: colorOf(n), borderRadius: 4, maxBarThickness: 48,
        data: comparison.contexts.map((c) => comparison.results.find((r) => r.architecture === n && r.contextLength === c)?.decodeTokensPerSecond ?? null),
      })),
    },
    options: {plugins: {title: {display: true, text: 'decode tok/s by context length'}},
      scales: {x: {title: {display: true, text: 'context (tokens)'}}}},
  });
}

// ---------- curves over context length ----------
async function refreshCurves() {
  const names = state.selected.size ? [...state.selected] : state.architectures.slice(0, 6);
  if (!names.length) {
    chart('decode-curve', null);
    chart('kv-curve', null);
    return;
  }
  const query = names.map(encodeURIComponent).join(',');
  const [decode, kv] = await Promise.all([
    api(`/api/v1/dashboard/curves?metric=decode_tps&architectures=${query}&${kvDtype()}`),
    api(`/api/v1/dashboard/curves?metric=kv_bytes&architectures=${query}&${kvDtype()}`),
  ]);
  const labels = [...new Set([...decode.series, ...kv.series].flatMap((s) => s.points.map((p) => p.contextLength)))].sort((a, b) => a - b);
  const line = (series, value, extra = {}) => ({
    label: series.architecture, borderColor: colorOf(series.architecture), backgroundColor: colorOf(series.architecture),
    tension: 0.25, spanGaps: true, pointRadius: 3,
    data: labels.map((c) => { const p = series.points.find((q) => q.contextLength === c); return p ? value(p) : null; }),
    ...extra,
  });
  chart('decode-curve', {
    type: 'line',
    data: {labels: labels.map(tokens), datasets: [...decode.series.map((s) => line(s, (p) => p.measured)),
      ...ArchLabScaled.estimateDatasets(decode, labels, colorOf)]},
    options: {plugins: {tooltip: {callbacks: ArchLabScaled.tooltip}}, scales: {x: {title: {display: true, text: 'context (tokens)'}}, y: {title: {display: true, text: 'decode tok/s'}, beginAtZero: true}}},
  });
  chart('kv-curve', {
    type: 'line',
    data: {
      labels: labels.map(tokens),
      datasets: kv.series.flatMap((s) => [
        line(s, (p) => p.measured),
        line(s, (p) => p.theoretical, {label: `${s.architecture} (theory)`, borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5}),
      ]),
    },
    options: {
      plugins: {tooltip: {callbacks: {label: (c) => `${c.dataset.label}: ${bytes(c.raw)}`}}},
      scales: {x: {title: {display: true, text: 'context (tokens)'}}, y: {beginAtZero: true, ticks: {callback: (v) => bytes(v)}}},
    },
  });
}

// ---------- throughput over batch size ----------
// The most sequences one run decodes together: a KV budget that allows more does not end a curve inside the chart.
const MAX_BATCH = 64;

async function refreshBatchCurves() {
  const select = $('#batch-context');
  let curves;
  try {
    curves = await api(`/api/v1/dashboard/batch-curves?${kvDtype()}${select.value ? `&context=${select.value}` : ''}`);
  } catch (error) {
    return;
  }
  fillContexts(select, curves.contexts, curves.context);
  if (!curves.series.length) {
    chart('batch-curve', null);
    return;
  }
  // Batch sizes double from point to point: the x axis is log2(batch), labelled with the batch itself.
  const ends = curves.series.filter((s) => s.kvBudgetBatch != null && s.kvBudgetBatch >= 1 && s.kvBudgetBatch <= MAX_BATCH);
  const batches = [...curves.series.flatMap((s) => s.points.map((p) => p.batch)), ...ends.map((s) => s.kvBudgetBatch)];
  const top = Math.max(...curves.series.flatMap((s) => s.points.map((p) => p.decodeTokensPerSecond))) * 1.1;
  const curve = (s) => ({
    label: ArchLabScaled.label(s), architecture: s.architecture, borderColor: colorOf(s.architecture),
    backgroundColor: colorOf(s.architecture), tension: 0, pointRadius: 4,
    data: s.points.map((p) => ({x: Math.log2(p.batch), y: p.decodeTokensPerSecond, point: p})),
  });
  const end = (s) => ({
    label: `${ArchLabScaled.label(s)}: KV budget ends at batch ${s.kvBudgetBatch}`, architecture: s.architecture, kvBudget: true,
    borderColor: colorOf(s.architecture), backgroundColor: colorOf(s.architecture), borderDash: [6, 4], borderWidth: 1.5,
    pointStyle: 'triangle', pointRadius: [0, 6],
    data: [{x: Math.log2(s.kvBudgetBatch), y: 0}, {x: Math.log2(s.kvBudgetBatch), y: top}],
  });
  chart('batch-curve', {
    type: 'line',
    data: {datasets: [...curves.series.map(curve), ...ends.map(end)]},
    options: {
      plugins: {tooltip: {callbacks: {
        title: (items) => `batch ${Math.round(2 ** items[0].parsed.x)} at ${tokens(curves.context)} tokens`,
        label: (c) => (c.dataset.kvBudget ? c.dataset.label : `${c.dataset.label}: ${rate(c.parsed.y)} tok/s, inter-token p50 `
          + `${ms(c.raw.point.interTokenLatencyP50Ms)}, KV ${bytes(c.raw.point.kvCacheBytes)} (theory ${bytes(c.raw.point.theoreticalKvBytes)})`),
      }}},
      scales: {
        x: {type: 'linear', min: 0, max: Math.ceil(Math.log2(Math.max(...batches))),
          title: {display: true, text: `batch size (sequences), ${tokens(curves.context)} tokens of context`},
          ticks: {stepSize: 1, callback: (v) => (Number.isInteger(v) ? String(2 ** v) : '')}},
        y: {beginAtZero: true, suggestedMax: top, title: {display: true, text: 'decode tok/s, summed over the batch'}},
      },
    },
  });
  $('#batch-note').textContent = `tokens/s summed over the batch · dashed: the largest batch whose KV caches fit `
    + `inference-service's KV budget${curves.kvBudgetBytes == null ? ' (not stated)' : ` of ${bytes(curves.kvBudgetBytes)}`}`;
}

// ---------- memory ----------
function renderMemory(rows) {
  const table = $('#memory-table');
  if (!rows.length) {
    table.replaceChildren(el('tr', {}, el('td', {class: 'empty', text: 'Nothing measured yet.'})));
    return;
  }
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ['architecture', 'context', 'dtype', 'KV measured', 'KV theory', 'measured / theory',
      'weights', 'streamable', 'weights theory', 'peak memory', 'parameters'].map((h, i) => el('th', {class: i > 2 ? 'num' : '', text: h})))),
    el('tbody', {}, rows.map((r) => el('tr', {},
      el('td', {}, el('span', {class: 'swatch', style: `background:${colorOf(r.architecture)}`}), ArchLabScaled.label(r),
        ArchLabScaled.badge(r, el)),
      el('td', {text: tokens(r.contextLength)}), el('td', {class: 'muted', text: r.dtype}),
      el('td', {class: 'num', text: bytes(r.measuredKvBytes)}), el('td', {class: 'num', text: bytes(r.theoreticalKvBytes)}),
      el('td', {class: r.kvRatio != null && Math.abs(r.kvRatio - 1) < 0.01 ? 'num best' : 'num',
        text: r.kvRatio == null ? '–' : `×${r.kvRatio.toFixed(2)}`}),
      el('td', {class: 'num', text: bytes(r.weightBytes)}), el('td', {class: 'num', text: bytes(r.streamableWeightBytes)}),
      el('td', {class: 'num', text: bytes(r.theoreticalWeightBytes)}),
      el('td', {class: 'num', text: bytes(r.peakResidentBytes)}), el('td', {class: 'num', text: count(r.theoreticalParameters)})))));
}

// ---------- charts ----------
function chart(id, config) {
  state.charts[id]?.destroy();
  delete state.charts[id];
  if (config) {
    config.options = {responsive: true, maintainAspectRatio: false, ...config.options};
    state.charts[id] = new Chart(document.getElementById(id), config);
  }
}

function start() {
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = '#667085';
  Chart.defaults.borderColor = '#eef0f3';
  // Under automation, draw at once so screenshots show finished charts.
  if (navigator.webdriver) Chart.defaults.animation = false;
  Chart.defaults.plugins.legend.labels.usePointStyle = true;
  Chart.defaults.plugins.legend.labels.boxHeight = 8;
  setUpKey();
  setUpForm();
  $('#board-metric').addEventListener('change', refreshLeaderboard);
  $('#board-context').addEventListener('change', refreshLeaderboard);
  $('#board-trusted').addEventListener('change', refreshLeaderboard);
  $('#compare-context').addEventListener('change', refreshComparison);
  $('#batch-context').addEventListener('change', refreshBatchCurves);
  $('#view-kv').addEventListener('change', refreshAll);
  refreshJobs();
  refreshAll();
  setInterval(refreshJobs, 2000);
}

start();
