// The catalog: every registered architecture in one table, with the registry's analysis at the chosen scenario.
// Filters and sorting work on what the registry answered; no figure is computed here.

import {analysis, architecture, architectures} from './api.js';
import {go, link, remember} from './app.js';
import {benchmarkPanel} from './benchmark.js';
import {$, $$, bytes, count, el, failure, flops, integer, scenarioControls, scenarioOf, scenarioQuery, tokens} from './ui.js';

/** How an architecture encodes positions, from its spec and layer plan. */
function positions(spec) {
  if (!spec.rope) return spec.embeddings?.learnedPositions ? 'learned' : 'none';
  const pattern = spec.schedule.rope || [true];
  if (pattern.every((r) => r)) return 'RoPE';
  return pattern.some((r) => r) ? 'RoPE + NoPE' : 'NoPE';
}

/** Which windowed mixers an architecture's schedule uses. */
function windowing(spec) {
  const mixers = new Set(spec.schedule.mixers);
  if (mixers.has('SLIDING')) return 'sliding';
  if (mixers.has('CHUNKED')) return 'chunked';
  return 'none';
}

const COLUMNS = [
  {id: 'name', label: 'Architecture', sort: (r) => r.name, cell: (r) => el('td', {},
    el('a', {href: link('architecture', r.name), class: 'arch-link', title: `family ${r.summary.family}`}, r.name),
    r.summary.derivedFrom ? el('div', {class: 'parent', 'data-parent': r.summary.derivedFrom}, `variant of ${r.summary.derivedFrom}`) : null)},
  {id: 'attention', label: 'Attention', sort: (r) => r.summary.attentionKind, cell: (r) => el('td', {},
    el('span', {class: 'pill', text: r.summary.attentionKind}), ' ', r.summary.moe ? el('span', {class: 'pill moe', text: 'MoE'}) : null)},
  {id: 'total', label: 'Total params', num: true, sort: (r) => r.analysis.parameters.total, text: (r) => count(r.analysis.parameters.total)},
  {id: 'active', label: 'Active params', num: true, sort: (r) => r.analysis.parameters.active, text: (r) => count(r.analysis.parameters.active)},
  {id: 'resident', label: 'Resident params', num: true, sort: resident, text: (r) => count(resident(r))},
  {id: 'layers', label: 'Layers', num: true, sort: (r) => r.spec.layers, text: (r) => r.spec.layers},
  {id: 'width', label: 'Width', num: true, sort: (r) => r.spec.hiddenSize, text: (r) => integer(r.spec.hiddenSize)},
  {id: 'heads', label: 'Heads / KV', num: true, sort: (r) => r.spec.attention.heads, text: (r) => `${r.spec.attention.heads} / ${r.spec.attention.kvHeads}`},
  {id: 'experts', label: 'Experts tot / act / shared', num: true, sort: (r) => r.spec.moe?.experts ?? 0,
    text: (r) => (r.spec.moe ? `${r.spec.moe.experts} / ${r.spec.moe.topK} / ${r.spec.moe.sharedExperts}` : '–')},
  {id: 'kvToken', label: 'KV / token', num: true, sort: (r) => r.analysis.kvCache.bytesPerToken, text: (r) => bytes(r.analysis.kvCache.bytesPerToken)},
  {id: 'kvContext', label: 'KV at context', num: true, sort: (r) => r.analysis.kvCache.totalBytes, text: (r) => bytes(r.analysis.kvCache.totalBytes)},
  {id: 'weights', label: 'Weights', num: true, sort: (r) => r.analysis.weights.bytes, text: (r) => bytes(r.analysis.weights.bytes)},
  {id: 'flops', label: 'FLOPs / token', num: true, sort: (r) => r.analysis.flops.decodePerToken, text: (r) => flops(r.analysis.flops.decodePerToken)},
];

/** Resident parameters as the registry reports them; a registry that does not split them keeps all resident. */
function resident(r) {
  return r.analysis.parameters.resident ?? r.analysis.parameters.total;
}

const FILTERS = [
  {id: 'family', label: 'Family', of: (r) => r.summary.family},
  {id: 'attention', label: 'Attention', of: (r) => r.summary.attentionKind},
  {id: 'moe', label: 'MoE', of: (r) => (r.summary.moe ? 'MoE' : 'dense')},
  {id: 'positions', label: 'Positions', of: (r) => positions(r.spec)},
  {id: 'window', label: 'Window', of: (r) => windowing(r.spec)},
];

export async function catalogPage(view, route) {
  const scenario = scenarioOf(route.query);
  const state = {
    filters: Object.fromEntries(FILTERS.map((f) => [f.id, route.query.get(f.id) || ''])),
    sort: COLUMNS.some((c) => c.id === route.query.get('sort')) ? route.query.get('sort') : 'total',
    descending: route.query.get('dir') !== 'asc',
    selected: new Set((route.query.get('sel') || '').split(',').filter(Boolean)),
  };
  let rows;
  try {
    const list = await architectures();
    rows = await Promise.all(list.map(async (summary) => {
      const [full, figures] = await Promise.all([architecture(summary.name), analysis(summary.name, scenario)]);
      return {name: summary.name, summary, spec: full.spec, analysis: figures};
    }));
  } catch (error) {
    view.replaceChildren(failure(error));
    return;
  }

  const save = () => remember('catalog', '', {...scenarioQuery(scenario), ...state.filters, sort: state.sort,
    dir: state.descending ? 'desc' : 'asc', sel: [...state.selected].join(',')});
  const table = el('table', {class: 'data', id: 'catalog-table'});
  const shown = el('span', {class: 'muted', id: 'catalog-count', role: 'status'});
  const actions = el('div', {class: 'actions'});
  const benchmarkSlot = el('div');

  const filterControls = el('div', {class: 'controls', id: 'catalog-filters'}, FILTERS.map((f) => {
    const values = [...new Set(rows.map(f.of))].sort();
    return el('label', {for: `filter-${f.id}`}, f.label, el('select', {id: `filter-${f.id}`, onchange: (e) => { state.filters[f.id] = e.target.value; draw(); }},
      el('option', {value: ''}, 'any'), values.map((v) => el('option', {value: v, selected: state.filters[f.id] === v}, v))));
  }));

  function draw() {
    const visible = rows.filter((r) => FILTERS.every((f) => !state.filters[f.id] || f.of(r) === state.filters[f.id]));
    const column = COLUMNS.find((c) => c.id === state.sort);
    visible.sort((a, b) => {
      const x = column.sort(a);
      const y = column.sort(b);
      const order = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return state.descending ? -order : order;
    });
    const head = el('tr', {}, el('th', {scope: 'col'}, el('span', {class: 'muted', text: 'Pick'})), COLUMNS.map((c) => el('th', {
      scope: 'col', class: c.num ? 'num' : null, 'aria-sort': c.id === state.sort ? (state.descending ? 'descending' : 'ascending') : null,
    }, el('button', {type: 'button', 'data-sort': c.id, onclick: () => {
      state.descending = c.id === state.sort ? !state.descending : c.num === true;
      state.sort = c.id;
      draw();
      $(`button[data-sort="${c.id}"]`).focus();
    }}, c.label, c.id === state.sort ? (state.descending ? ' ↓' : ' ↑') : ''))));
    const body = visible.map((r) => el('tr', {'data-name': r.name, class: state.selected.has(r.name) ? 'selected' : null},
      el('td', {}, el('input', {type: 'checkbox', 'aria-label': `pick ${r.name}`, checked: state.selected.has(r.name), onchange: (e) => {
        if (e.target.checked) state.selected.add(r.name); else state.selected.delete(r.name);
        e.target.closest('tr').classList.toggle('selected', e.target.checked);
        drawActions();
        save();
      }})),
      COLUMNS.map((c) => (c.cell ? c.cell(r) : el('td', {class: c.num ? 'num' : null, 'data-column': c.id, text: c.text(r)})))));
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, body));
    shown.textContent = `${visible.length} of ${rows.length} architectures · KV at ${tokens(scenario.context)} tokens in ${scenario.kvDtype} · weights in ${scenario.weightDtype}`;
    save();
  }

  function drawActions() {
    const picked = [...state.selected];
    actions.replaceChildren(
      el('button', {type: 'button', id: 'compare-selected', disabled: picked.length < 2 || picked.length > 4,
        onclick: () => go('compare', '', {names: picked.join(','), ...scenarioQuery(scenario)})}, `Compare selected (${picked.length})`),
      el('button', {type: 'button', class: 'secondary', id: 'benchmark-selected', disabled: !picked.length,
        onclick: () => benchmarkSlot.replaceChildren(benchmarkPanel(picked))}, 'Benchmark these…'),
      el('span', {class: 'muted small', text: 'Pick 2–4 to compare them side by side.'}));
  }

  view.replaceChildren(el('section', {class: 'card'},
    el('div', {class: 'card-head'}, el('h2', {text: 'Catalog'}),
      scenarioControls(scenario, (next) => go('catalog', '', {...scenarioQuery(next), ...state.filters, sort: state.sort,
        dir: state.descending ? 'desc' : 'asc', sel: [...state.selected].join(',')}))),
    filterControls, el('p', {}, shown), el('div', {class: 'table-wrap'}, table), actions, benchmarkSlot));
  draw();
  drawActions();
}

export {positions, windowing};
