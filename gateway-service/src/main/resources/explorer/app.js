// The explorer: one page at the gateway's root, its views addressed by the URL's fragment so that every view,
// its selection and its scenario, is a permalink: #/catalog?context=32768, #/architecture/deepseek-v3,
// #/compare?names=qwen3-235b-a22b,deepseek-v3&context=131072, #/derive/qwen3-0.6b?patch={...}.

import {apiKey, saveKey} from './api.js';
import {$, $$, el} from './ui.js';
import {catalogPage} from './catalog.js';
import {architecturePage} from './architecture.js';
import {comparePage} from './compare.js';
import {derivePage} from './derive.js';

const PAGES = {catalog: catalogPage, architecture: architecturePage, compare: comparePage, derive: derivePage};

let leave = () => {};
let rendering = 0;

/** The current view: page, its path argument (an architecture's name) and its query. */
export function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  const [page, ...rest] = path.split('/');
  return {page: PAGES[page] ? page : 'catalog', argument: rest.length ? decodeURIComponent(rest.join('/')) : '', query: new URLSearchParams(query)};
}

/** The fragment of a view; empty query values are left out. */
export function link(page, argument, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v != null && v !== ''));
  const text = params.toString();
  return `#/${page}${argument ? `/${encodeURIComponent(argument)}` : ''}${text ? `?${text}` : ''}`;
}

export function go(page, argument, query) {
  location.hash = link(page, argument, query);
}

/** Changes the URL to the state a page now shows, without rendering it again. */
export function remember(page, argument, query) {
  history.replaceState(null, '', link(page, argument, query));
}

async function render() {
  const ticket = ++rendering;
  leave();
  leave = () => {};
  const route = currentRoute();
  $$('.pages a').forEach((a) => {
    if (a.dataset.page === route.page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const view = $('#view');
  if (!apiKey()) {
    view.replaceChildren(el('section', {class: 'card'},
      el('h2', {text: 'Welcome to the architecture explorer'}),
      el('p', {class: 'notice', id: 'needs-key'}, 'Paste your API key into “API key” above and press Save. ',
        'It stays in this browser and is sent with every call, here and on the benchmark dashboard.')));
    return;
  }
  view.replaceChildren(el('p', {class: 'muted', text: 'Loading…'}));
  view.dataset.state = 'loading';
  const cleanup = await PAGES[route.page](view, route);
  if (ticket !== rendering) {
    if (typeof cleanup === 'function') cleanup();
    return;
  }
  leave = typeof cleanup === 'function' ? cleanup : () => {};
  view.dataset.state = 'ready';
  view.dataset.page = route.page;
}

function setUpKey() {
  const input = $('#api-key');
  input.value = apiKey();
  const show = () => { $('#key-state').textContent = apiKey() ? 'saved' : 'none'; };
  show();
  $('#key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    saveKey(input.value.trim());
    show();
    render();
  });
}

setUpKey();
window.addEventListener('hashchange', render);
render();
