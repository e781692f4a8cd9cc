// Two to four architectures side by side: their diagrams with every box whose spec fields differ marked (the
// registry's compare endpoint says which fields differ), the key figures with differing rows highlighted, and
// charts of the registry's analysis: KV cache over context, parameters, weight memory per dtype, and, where the
// benchmark service has measured runs, the measured KV cache and decode speed drawn over the theory.

import {architecture, architectures, compare, measured} from './api.js';
import {go, link} from './app.js';
import {benchmarkPanel} from './benchmark.js';
import {drawDiagram} from './diagram.js';
import {$$, bytes, count, CONTEXTS, DTYPES, el, failure, flops, scenarioControls, scenarioOf, scenarioQuery, tokens} from './ui.js';

const PALETTE = ['#4f46e5', '#f97316', '#10b981', '#e11d48'];

function picker(all, names, scenario) {
  const choose = (i) => el('label', {for: `pick-${i}`}, `Architecture ${i + 1}`,
    el('select', {id: `pick-${i}`}, el('option', {value: ''}, '—'),
      all.map((a) => el('option', {value: a.name, selected: names[i] === a.name}, a.name))));
  return el('form', {class: 'controls', id: 'compare-picker', onsubmit: (event) => {
    event.preventDefault();
    const picked = [0, 1, 2, 3].map((i) => document.getElementById(`pick-${i}`).value).filter(Boolean);
    go('compare', '', {names: [...new Set(picked)].join(','), ...scenarioQuery(scenario)});
  }}, [0, 1, 2, 3].map(choose), el('button', {type: 'submit', id: 'compare-go'}, 'Compare'));
}

function keyFigures(names, summaries, specs, analyses) {
  const rows = [
    ['attention-kind', 'Attention kind', (i) => summaries[i]?.attentionKind],
    ['family', 'Family', (i) => specs[i].family],
    ['layers', 'Layers', (i) => specs[i].layers],
    ['width', 'Width', (i) => specs[i].hiddenSize],
    ['heads', 'Heads / KV heads', (i) => `${specs[i].attention.heads} / ${specs[i].attention.kvHeads}`],
    ['experts', 'Experts total / active / shared', (i) => (specs[i].moe ? `${specs[i].moe.experts} / ${specs[i].moe.topK} / ${specs[i].moe.sharedExperts}` : '–')],
    ['total', 'Total parameters', (i) => analyses[i].parameters.total, count],
    ['active', 'Active parameters', (i) => analyses[i].parameters.active, count],
    ['resident', 'Resident parameters', (i) => analyses[i].parameters.resident ?? analyses[i].parameters.total, count],
    ['kv-bytes-per-token', 'KV bytes per token', (i) => analyses[i].kvCache.bytesPerToken, bytes],
    ['kv-at-context', `KV at ${tokens(analyses[0].kvCache.context)} tokens`, (i) => analyses[i].kvCache.totalBytes, bytes],
    ['weights', `Weights (${analyses[0].weights.dtype})`, (i) => analyses[i].weights.bytes, bytes],
    ['flops', 'FLOPs per token', (i) => analyses[i].flops.decodePerToken, flops],
  ];
  return el('table', {class: 'data', id: 'key-figures'},
    el('thead', {}, el('tr', {}, el('th', {text: ''}), names.map((n) => el('th', {class: 'num', scope: 'col', text: n})))),
    el('tbody', {}, rows.map(([id, label, value, format = String]) => {
      const values = names.map((_, i) => value(i));
      const differ = new Set(values.map(String)).size > 1;
      return el('tr', {'data-row': id, class: differ ? 'differs' : null, 'data-differs': differ},
        el('th', {scope: 'row', text: label}), values.map((v) => el('td', {class: 'num', text: format(v)})));
    })));
}

function differencesTable(names, differences) {
  if (!differences.length) return el('p', {class: 'muted', text: 'The specs are identical.'});
  return el('div', {class: 'table-wrap'}, el('table', {class: 'data', id: 'differences'},
    el('thead', {}, el('tr', {}, el('th', {text: 'Spec field'}), names.map((n) => el('th', {text: n})))),
    el('tbody', {}, differences.map((d) => el('tr', {'data-field': d.field},
      el('td', {}, el('code', {text: d.field})), names.map((n) => el('td', {class: 'differs', text: d[n] ?? '—'})))))));
}

function chart(canvas, config) {
  // eslint-disable-next-line no-undef
  return new Chart(canvas, {...config, options: {animation: false, maintainAspectRatio: false, responsive: true, ...config.options}});
}

export async function comparePage(view, route) {
  const names = (route.query.get('names') || '').split(',').map((n) => n.trim()).filter(Boolean).slice(0, 4);
  const scenario = scenarioOf(route.query);
  let all;
  try {
    all = await architectures();
  } catch (error) {
    view.replaceChildren(failure(error));
    return;
  }
  const head = el('div', {class: 'card-head'}, el('h2', {text: 'Compare'}),
    scenarioControls(scenario, (next) => go('compare', '', {names: names.join(','), ...scenarioQuery(next)})));
  if (names.length < 2) {
    view.replaceChildren(el('section', {class: 'card'}, head, el('p', {class: 'muted', text: 'Pick two to four architectures.'}), picker(all, names, scenario)));
    return;
  }
  let result;
  let specs;
  let sweeps;
  let perDtype;
  try {
    [result, specs, sweeps, perDtype] = await Promise.all([
      compare(names, scenario),
      Promise.all(names.map((n) => architecture(n).then((a) => a.spec))),
      Promise.all(CONTEXTS.map((context) => compare(names, {...scenario, context}))),
      Promise.all(DTYPES.map((weightDtype) => compare(names, {...scenario, weightDtype}))),
    ]);
  } catch (error) {
    view.replaceChildren(el('section', {class: 'card'}, head, failure(error), picker(all, names, scenario)));
    return;
  }
  // Measurements are optional: without a benchmark service or runs, the charts show the theory alone.
  const [kvRuns, decodeRuns] = await Promise.all(['kv_bytes', 'decode_tps'].map((m) => measured(m, names).catch(() => ({series: []}))));
  const analyses = names.map((n) => result.analyses[n]);
  const summaries = names.map((n) => all.find((a) => a.name === n));
  const differences = new Set(result.differences.map((d) => d.field));
  const canvases = {kv: el('canvas', {id: 'kv-chart', 'aria-label': 'KV cache over context'}),
    params: el('canvas', {id: 'params-chart', 'aria-label': 'Parameters'}), weights: el('canvas', {id: 'weights-chart', 'aria-label': 'Weight memory per dtype'}),
    decode: el('canvas', {id: 'decode-chart', 'aria-label': 'Measured decode speed'})};
  const measuredDecode = decodeRuns.series.some((s) => s.points.length);
  const benchmarkSlot = el('div');

  view.replaceChildren(
    el('section', {class: 'card', id: 'compare', 'data-names': names.join(',')}, head, picker(all, names, scenario),
      el('h3', {text: 'Key figures', style: 'margin-top:14px'}), el('div', {class: 'table-wrap'}, keyFigures(names, summaries, specs, analyses)),
      el('div', {class: 'actions'},
        el('button', {type: 'button', class: 'secondary', id: 'benchmark-compared', onclick: () => benchmarkSlot.replaceChildren(benchmarkPanel(names))}, 'Benchmark these…')),
      benchmarkSlot),
    el('section', {class: 'columns', id: 'diagrams'}, names.map((n, i) => el('article', {class: 'card', 'data-name': n},
      el('h3', {}, el('a', {href: link('architecture', n, scenarioQuery(scenario))}, n)),
      drawDiagram(specs[i], analyses[i].layers, differences, n)))),
    el('section', {class: 'grid two'},
      el('article', {class: 'card'}, el('h3', {text: 'KV cache over context'}),
        el('p', {class: 'muted small', text: `the registry's theory in ${scenario.kvDtype}, lines; measured runs, dots`}), el('div', {class: 'chart'}, canvases.kv)),
      el('article', {class: 'card'}, el('h3', {text: 'Parameters: total, active, resident'}), el('div', {class: 'chart'}, canvases.params))),
    el('section', {class: 'grid two'},
      el('article', {class: 'card'}, el('h3', {text: 'Weight memory per dtype'}), el('div', {class: 'chart'}, canvases.weights)),
      el('article', {class: 'card'}, el('h3', {text: 'Measured decode speed'}),
        measuredDecode ? el('div', {class: 'chart'}, canvases.decode)
          : el('p', {class: 'muted', id: 'no-measurements', text: 'No measured runs yet: benchmark these, then the numbers appear here and on the dashboard.'}))),
    el('section', {class: 'card'}, el('h3', {text: `Spec fields that differ (${result.differences.length})`}), differencesTable(names, result.differences)));

  const gib = (v) => `${(v / 2 ** 30).toFixed(v < 2 ** 30 ? 2 : 0)} GiB`;
  const charts = [];
  const kvSets = names.map((n, i) => ({label: n, borderColor: PALETTE[i], backgroundColor: PALETTE[i], tension: 0, pointRadius: 2,
    data: sweeps.map((s, j) => ({x: CONTEXTS[j], y: s.analyses[n].kvCache.totalBytes}))}));
  kvRuns.series.forEach((s) => {
    const i = names.indexOf(s.architecture);
    if (i >= 0 && s.points.length) {
      kvSets.push({label: `${s.architecture} measured`, type: 'scatter', borderColor: PALETTE[i], backgroundColor: PALETTE[i], pointRadius: 5,
        pointStyle: 'rectRot', data: s.points.map((p) => ({x: p.contextLength, y: p.measured}))});
    }
  });
  // The theory spans 1k-128k; runs measured at shorter contexts widen the axis rather than fall off it.
  const shortest = Math.min(CONTEXTS[0], ...kvRuns.series.flatMap((s) => s.points.map((p) => p.contextLength)));
  const ticks = shortest < CONTEXTS[0] ? [shortest, ...CONTEXTS] : CONTEXTS;
  charts.push(chart(canvases.kv, {type: 'line', data: {datasets: kvSets}, options: {
    scales: {x: {type: 'logarithmic', min: shortest, max: 131072, title: {display: true, text: 'context (tokens)'},
      afterBuildTicks: (axis) => { axis.ticks = ticks.map((value) => ({value})); }, ticks: {callback: (v) => tokens(v)}},
    y: {title: {display: true, text: 'KV cache'}, ticks: {callback: gib}}}}}));
  charts.push(chart(canvases.params, {type: 'bar', data: {labels: names, datasets: [
    {label: 'total', backgroundColor: '#4f46e5', data: analyses.map((a) => a.parameters.total / 1e9)},
    {label: 'active', backgroundColor: '#10b981', data: analyses.map((a) => a.parameters.active / 1e9)},
    {label: 'resident', backgroundColor: '#f97316', data: analyses.map((a) => (a.parameters.resident ?? a.parameters.total) / 1e9)},
  ]}, options: {scales: {y: {title: {display: true, text: 'billions'}}}}}));
  charts.push(chart(canvases.weights, {type: 'bar', data: {labels: DTYPES, datasets: names.map((n, i) => ({
    label: n, backgroundColor: PALETTE[i], data: perDtype.map((c) => c.analyses[n].weights.bytes / 2 ** 30)}))},
  options: {scales: {y: {title: {display: true, text: 'GiB'}}}}}));
  if (measuredDecode) {
    charts.push(chart(canvases.decode, {type: 'line', data: {datasets: decodeRuns.series.filter((s) => s.points.length).map((s) => ({
      label: s.architecture, borderColor: PALETTE[names.indexOf(s.architecture)], data: s.points.map((p) => ({x: p.contextLength, y: p.measured}))}))},
    options: {scales: {x: {type: 'logarithmic', title: {display: true, text: 'context (tokens)'}, ticks: {callback: (v) => tokens(v)}},
      y: {title: {display: true, text: 'decode tok/s'}}}}}));
  }
  $$('#diagrams figure').forEach((figure) => figure.setAttribute('data-differing-parts',
    [...figure.querySelectorAll('.box.differs')].map((b) => b.dataset.part).join(' ')));
  return () => charts.forEach((c) => c.destroy());
}
