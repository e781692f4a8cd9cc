// Every call the explorer makes, all to the gateway it came from, each with the API key saved in this browser
// (the same key, under the same name, as the benchmark dashboard's: one origin, one storage).

export const KEY_STORAGE = 'archlab.apiKey';

export function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || '';
}

export function saveKey(key) {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
  cache.clear();
}

/** A failed call: the problem+json body the services answer with, when there is one. */
export class ApiError extends Error {
  constructor(message, status, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, options = {}) {
  const headers = {Accept: 'application/json'};
  if (options.body) headers['Content-Type'] = 'application/json';
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  const response = await fetch(path, {...options, headers});
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(body?.detail || `${response.status} ${response.statusText}`, response.status, body);
  return body;
}

// Architectures change only by a save in this page (or a reload), so a visit reads each once.
const cache = new Map();

function cached(key, load) {
  if (!cache.has(key)) cache.set(key, load().catch((error) => { cache.delete(key); throw error; }));
  return cache.get(key);
}

export function forgetArchitectures() {
  cache.clear();
}

/** Every registered architecture (the summaries), following the list's cursor to its end. */
export function architectures() {
  return cached('list', async () => {
    const all = [];
    let cursor = null;
    do {
      const page = await api(`/api/v1/architectures?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  });
}

export function architecture(name) {
  return cached(`arch:${name}`, () => api(`/api/v1/architectures/${encodeURIComponent(name)}`));
}

export function revisions(name) {
  return api(`/api/v1/architectures/${encodeURIComponent(name)}/revisions`);
}

function scenario({context, weightDtype, kvDtype}) {
  const query = new URLSearchParams({context: String(context), kvDtype});
  if (weightDtype && weightDtype !== 'default') query.set('weightDtype', weightDtype);
  return query.toString();
}

export function analysis(name, view) {
  return cached(`analysis:${name}:${scenario(view)}`,
    () => api(`/api/v1/architectures/${encodeURIComponent(name)}/analysis?${scenario(view)}`));
}

export function compare(names, view) {
  return cached(`compare:${names.join(',')}:${scenario(view)}`,
    () => api(`/api/v1/architectures/compare?names=${names.map(encodeURIComponent).join(',')}&${scenario(view)}`));
}

export function draftVariant(parent, body, view) {
  return api(`/api/v1/architectures/${encodeURIComponent(parent)}/variants/draft?${scenario(view)}`,
    {method: 'POST', body: JSON.stringify(body)});
}

export async function saveVariant(parent, body) {
  const saved = await api(`/api/v1/architectures/${encodeURIComponent(parent)}/variants`, {method: 'POST', body: JSON.stringify(body)});
  forgetArchitectures();
  return saved;
}

export function queueBenchmark(body) {
  return api('/api/v1/benchmarks', {method: 'POST', body: JSON.stringify(body)});
}

/** Measured series of a dashboard metric per architecture (empty where nothing was measured). */
export function measured(metric, names) {
  return api(`/api/v1/dashboard/curves?metric=${metric}&architectures=${names.map(encodeURIComponent).join(',')}`);
}
