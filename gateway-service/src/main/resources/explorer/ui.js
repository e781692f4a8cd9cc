// Small helpers for building the pages: elements, number formats, the view's URL state.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  children.flat().forEach((c) => { if (c != null) node.append(c instanceof Node ? c : document.createTextNode(String(c))); });
  return node;
}

export function bytes(v) {
  if (v == null || Number.isNaN(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i === 0 ? 0 : (v >= 100 ? 0 : 1))} ${units[i]}`;
}

export function count(v) {
  if (v == null) return '–';
  if (v >= 999.5e9) return `${(v / 1e12).toFixed(2)} T`;
  if (v >= 999.5e6) return `${(v / 1e9).toFixed(v >= 1e11 ? 0 : 1)} B`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(0)} M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(0)} k`;
  return String(v);
}

export function flops(v) {
  if (v == null) return '–';
  if (v >= 1e12) return `${(v / 1e12).toFixed(2)} TFLOP`;
  if (v >= 1e9) return `${(v / 1e9).toFixed(1)} GFLOP`;
  return `${(v / 1e6).toFixed(0)} MFLOP`;
}

export function integer(v) {
  return v == null ? '–' : Number(v).toLocaleString('en-US');
}

export function tokens(n) {
  return n >= 1024 && n % 1024 === 0 ? `${n / 1024}k` : String(n);
}

export const CONTEXTS = [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072];
export const DTYPES = ['F32', 'F16', 'BF16', 'Q8_0', 'Q4_0'];

/** The scenario every page shares (context, KV and weight dtypes), read from the URL's query with defaults. */
export function scenarioOf(query) {
  const context = Number(query.get('context'));
  return {
    context: Number.isInteger(context) && context > 0 ? context : 32768,
    kvDtype: DTYPES.includes(query.get('kv')) ? query.get('kv') : 'BF16',
    weightDtype: DTYPES.includes(query.get('w')) ? query.get('w') : 'BF16',
  };
}

export function scenarioQuery(view) {
  return {context: String(view.context), kv: view.kvDtype, w: view.weightDtype};
}

/** The scenario's controls; onChange gets the new scenario. */
export function scenarioControls(view, onChange) {
  const select = (id, label, values, current, format = (v) => v) => el('label', {for: id}, label,
    el('select', {id, onchange: () => onChange(read())},
      values.map((v) => el('option', {value: v, selected: String(v) === String(current)}, format(v)))));
  const read = () => ({
    context: Number($('#ctx').value), kvDtype: $('#kv-dtype').value, weightDtype: $('#weight-dtype').value,
  });
  const contexts = CONTEXTS.includes(view.context) ? CONTEXTS : [...CONTEXTS, view.context].sort((a, b) => a - b);
  return el('div', {class: 'controls'},
    select('ctx', 'Context', contexts, view.context, tokens),
    select('kv-dtype', 'KV cache dtype', DTYPES, view.kvDtype),
    select('weight-dtype', 'Weights dtype', DTYPES, view.weightDtype));
}

/** The problem of a failed call, as a notice a person can act on. */
export function failure(error) {
  const text = error.status === 401 ? 'The gateway does not accept this API key: paste a valid one above.'
    : error.status === 403 ? `This key may not do that: ${error.message}` : error.message;
  return el('p', {class: 'notice bad', role: 'alert'}, text);
}
