// Derive a variant: start from any architecture, change knobs in a form or write the JSON merge patch directly,
// and see the registry's verdict as you type: errors on the field they concern, or the draft's diagram, schedule
// and analysis. Saving stores it as a revision-tracked variant that records its parent.

import {architecture, architectures, draftVariant, saveVariant} from './api.js';
import {go, remember} from './app.js';
import {drawDiagram, scheduleStrip} from './diagram.js';
import {analysisFigures} from './figures.js';
import {$, $$, el, failure, scenarioOf, scenarioQuery} from './ui.js';

const ENUMS = {
  'attention.qkNorm': ['NONE', 'PER_HEAD', 'PER_LAYER', 'L2'],
  'norm.placement': ['PRE', 'POST', 'SANDWICH'],
  'feedForward.activation': ['SWIGLU', 'GEGLU', 'GELU', 'SWIGLU_OAI'],
};

/** The knobs the form offers; the patch can change any other field. `when` limits a knob to specs that have its part. */
const KNOBS = [
  {path: 'layers', label: 'Layers', type: 'int'},
  {path: 'hiddenSize', label: 'Width (hidden size)', type: 'int'},
  {path: 'vocabSize', label: 'Vocabulary', type: 'int'},
  {path: 'attention.heads', label: 'Attention heads', type: 'int'},
  {path: 'attention.kvHeads', label: 'KV heads', type: 'int'},
  {path: 'attention.headDim', label: 'Head dim', type: 'int'},
  {path: 'attention.slidingWindow', label: 'Sliding window (empty: none)', type: 'optional-int'},
  {path: 'attention.qkNorm', label: 'QK-Norm', type: 'enum'},
  {path: 'attention.mla.kvLoraRank', label: 'MLA KV latent', type: 'int', when: (s) => s.attention.mla},
  {path: 'schedule.mixers', label: 'Mixer pattern (FULL, SLIDING, CHUNKED, LINEAR)', type: 'list'},
  {path: 'schedule.ffn', label: 'FFN pattern (DENSE, MOE)', type: 'list'},
  {path: 'norm.placement', label: 'Norm placement', type: 'enum'},
  {path: 'feedForward.activation', label: 'FFN activation', type: 'enum'},
  {path: 'feedForward.intermediateSize', label: 'FFN width', type: 'int'},
  {path: 'moe.experts', label: 'Routed experts', type: 'int', when: (s) => s.moe},
  {path: 'moe.topK', label: 'Active experts', type: 'int', when: (s) => s.moe},
  {path: 'moe.sharedExperts', label: 'Shared experts', type: 'int', when: (s) => s.moe},
  {path: 'moe.expertIntermediateSize', label: 'Expert width', type: 'int', when: (s) => s.moe},
];

const get = (object, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), object);

function set(object, path, value) {
  const keys = path.split('.');
  let o = object;
  keys.slice(0, -1).forEach((k) => { if (typeof o[k] !== 'object' || o[k] === null) o[k] = {}; o = o[k]; });
  o[keys[keys.length - 1]] = value;
}

function unset(object, path) {
  const keys = path.split('.');
  const parents = [object];
  for (const k of keys.slice(0, -1)) {
    const next = parents[parents.length - 1][k];
    if (typeof next !== 'object' || next === null) return;
    parents.push(next);
  }
  delete parents[parents.length - 1][keys[keys.length - 1]];
  for (let i = parents.length - 1; i > 0; i--) if (!Object.keys(parents[i]).length) delete parents[i - 1][keys[i - 1]];
}

const show = (value) => (Array.isArray(value) ? value.join(', ') : value ?? '');

function read(knob, text) {
  const trimmed = text.trim();
  if (knob.type === 'list') return trimmed.split(/[\s,]+/).filter(Boolean).map((v) => v.toUpperCase());
  if (knob.type === 'enum') return trimmed;
  if (knob.type === 'optional-int' && trimmed === '') return null;
  // Anything that is not a plain integer goes to the registry as written, so that its error names the field.
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

async function pickParent(view) {
  const all = await architectures();
  view.replaceChildren(el('section', {class: 'card'}, el('h2', {text: 'Derive a variant'}),
    el('form', {class: 'controls', onsubmit: (e) => { e.preventDefault(); go('derive', $('#derive-parent').value); }},
      el('label', {for: 'derive-parent'}, 'Start from', el('select', {id: 'derive-parent'}, all.map((a) => el('option', {value: a.name}, a.name)))),
      el('button', {type: 'submit'}, 'Start'))));
}

export async function derivePage(view, route) {
  const parent = route.argument;
  const scenario = scenarioOf(route.query);
  if (!parent) {
    try { await pickParent(view); } catch (error) { view.replaceChildren(failure(error)); }
    return;
  }
  let base;
  try {
    base = await architecture(parent);
  } catch (error) {
    view.replaceChildren(failure(error));
    return;
  }
  let patch = {};
  try { patch = JSON.parse(route.query.get('patch') || '{}'); } catch { patch = {}; }
  const knobs = KNOBS.filter((k) => !k.when || k.when(base.spec));
  const nameInput = el('input', {id: 'variant-name', value: route.query.get('name') || `${parent}-variant`, 'data-path': 'name', required: true});
  const patchInput = el('textarea', {id: 'patch', rows: 9, 'aria-describedby': 'patch-error', spellcheck: 'false'});
  const generalErrors = el('ul', {class: 'error', id: 'draft-errors', role: 'alert'});
  const state = el('span', {class: 'muted', id: 'draft-state', role: 'status'});
  const preview = el('div', {id: 'draft-preview'});
  const fields = knobs.map((knob) => {
    const id = `knob-${knob.path.replaceAll('.', '-')}`;
    const input = knob.type === 'enum'
      ? el('select', {id, 'data-path': knob.path}, ENUMS[knob.path].map((v) => el('option', {value: v}, v)))
      : el('input', {id, 'data-path': knob.path, inputmode: knob.type.endsWith('int') ? 'numeric' : null, 'aria-describedby': `${id}-error`});
    input.addEventListener(knob.type === 'enum' ? 'change' : 'input', () => {
      const value = read(knob, input.value);
      if (JSON.stringify(value) === JSON.stringify(get(base.spec, knob.path) ?? null)) unset(patch, knob.path);
      else set(patch, knob.path, value);
      patchInput.value = JSON.stringify(patch, null, 2);
      schedule();
    });
    return el('div', {class: 'field'}, el('label', {for: id, text: knob.label}), input,
      el('small', {class: 'error', id: `${id}-error`, 'data-error-for': knob.path}));
  });
  patchInput.addEventListener('input', () => {
    try {
      const parsed = JSON.parse(patchInput.value || '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the patch must be a JSON object');
      patch = parsed;
      patchInput.removeAttribute('aria-invalid');
      $('#patch-error').textContent = '';
      schedule();
    } catch (error) {
      patchInput.setAttribute('aria-invalid', 'true');
      $('#patch-error').textContent = `Not a JSON merge patch: ${error.message}`;
    }
  });

  const fill = (spec) => knobs.forEach((knob) => {
    const input = $(`[data-path="${knob.path}"]`, view);
    if (input && document.activeElement !== input) input.value = show(get(spec, knob.path));
  });

  let ticket = 0;
  let timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }
  async function check() {
    const mine = ++ticket;
    state.textContent = 'checking…';
    remember('derive', parent, {name: nameInput.value, patch: JSON.stringify(patch), ...scenarioQuery(scenario)});
    let draft;
    try {
      draft = await draftVariant(parent, {overrides: patch}, scenario);
    } catch (error) {
      if (mine === ticket) { state.textContent = ''; preview.replaceChildren(failure(error)); }
      return;
    }
    if (mine !== ticket) return;
    showErrors(draft.errors);
    if (draft.spec) fill(draft.spec);
    state.textContent = draft.valid ? 'valid: this is what saving stores' : `${draft.errors.length} problem${draft.errors.length === 1 ? '' : 's'}`;
    $('#save-variant').disabled = !draft.valid;
    if (draft.valid) {
      preview.replaceChildren(el('div', {class: 'grid arch'},
        el('div', {}, drawDiagram(draft.spec, draft.analysis.layers, new Set(), 'draft')),
        el('div', {}, el('h3', {text: 'Analysis of the draft'}), analysisFigures(draft.analysis), el('h3', {text: 'Layer schedule'}),
          scheduleStrip(draft.spec, draft.analysis.layers))));
    } else {
      preview.replaceChildren(el('p', {class: 'muted', text: 'The diagram and the analysis follow once the spec is possible.'}));
    }
  }

  function showErrors(errors) {
    $$('[data-error-for]', view).forEach((e) => { e.textContent = ''; });
    $$('[aria-invalid]', view).forEach((e) => { if (e !== patchInput) e.removeAttribute('aria-invalid'); });
    generalErrors.replaceChildren();
    for (const error of errors || []) {
      const path = error.field.replace(/^spec\./, '');
      const knob = [...knobs].sort((a, b) => b.path.length - a.path.length).find((k) => path === k.path || path.startsWith(`${k.path}.`) || path.startsWith(`${k.path}[`));
      const slot = path === 'name' ? $('[data-error-for="name"]', view) : knob && $(`[data-error-for="${knob.path}"]`, view);
      if (slot) {
        slot.textContent = slot.textContent ? `${slot.textContent}; ${error.message}` : error.message;
        $(`[data-path="${path === 'name' ? 'name' : knob.path}"]`, view).setAttribute('aria-invalid', 'true');
      } else {
        generalErrors.append(el('li', {'data-field': error.field, text: `${error.field}: ${error.message}`}));
      }
    }
  }

  async function save(event) {
    event.preventDefault();
    const name = nameInput.value.trim();
    state.textContent = 'saving…';
    try {
      await saveVariant(parent, {name, overrides: patch});
      go('architecture', name, scenarioQuery(scenario));
    } catch (error) {
      state.textContent = error.message;
      showErrors(error.problem?.errors || [{field: 'body', message: error.message}]);
    }
  }

  view.replaceChildren(
    el('section', {class: 'card', id: 'derive', 'data-parent': parent},
      el('div', {class: 'card-head'}, el('h2', {text: `Derive a variant of ${parent}`}),
        el('span', {class: 'muted', text: `from revision ${base.revision}; fields you leave alone keep the parent's values`})),
      el('form', {id: 'derive-form', novalidate: true, onsubmit: save},
        el('div', {class: 'form-grid'},
          el('div', {class: 'field'}, el('label', {for: 'variant-name', text: 'Name of the variant'}), nameInput,
            el('small', {class: 'error', 'data-error-for': 'name'})),
          fields,
          el('div', {class: 'field wide'}, el('label', {for: 'patch', text: 'JSON merge patch of the spec (RFC 7386: null removes a field)'}), patchInput,
            el('small', {class: 'error', id: 'patch-error'}))),
        generalErrors,
        el('div', {class: 'actions'}, el('button', {type: 'submit', id: 'save-variant'}, 'Save variant'), state))),
    el('section', {class: 'card'}, el('h3', {text: 'Preview'}), preview));
  patchInput.value = JSON.stringify(patch, null, 2);
  fill(base.spec);
  await check();
}
