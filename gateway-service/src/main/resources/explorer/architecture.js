// One architecture: its block diagram and layer schedule drawn from its spec, the registry's analysis beside it,
// its revisions, its parent and the variants derived from it.

import {analysis, architecture, architectures, revisions} from './api.js';
import {go, link} from './app.js';
import {benchmarkPanel} from './benchmark.js';
import {drawDiagram, scheduleStrip} from './diagram.js';
import {analysisFigures} from './figures.js';
import {el, failure, scenarioControls, scenarioOf, scenarioQuery} from './ui.js';

export async function architecturePage(view, route) {
  const name = route.argument;
  const scenario = scenarioOf(route.query);
  if (!name) {
    go('catalog');
    return;
  }
  let arch;
  let figures;
  let history;
  let all;
  try {
    [arch, figures, history, all] = await Promise.all([architecture(name), analysis(name, scenario), revisions(name), architectures()]);
  } catch (error) {
    view.replaceChildren(failure(error));
    return;
  }
  const parentName = arch.derivedFrom?.split('@')[0];
  const variants = all.filter((a) => a.derivedFrom?.split('@')[0] === name);
  const benchmarkSlot = el('div');
  view.replaceChildren(
    el('section', {class: 'card', id: 'architecture', 'data-name': name},
      el('div', {class: 'card-head'},
        el('div', {},
          el('h2', {text: name}),
          el('p', {class: 'muted'}, `${arch.family} · ${arch.attentionKind}${arch.moe ? ' · MoE' : ''} · revision ${arch.revision} of ${arch.latestRevision} · `,
            arch.source === 'variant' && parentName ? el('span', {}, 'variant of ', el('a', {href: link('architecture', parentName), id: 'parent-link'}, arch.derivedFrom))
              : `source: ${arch.source}`)),
        scenarioControls(scenario, (next) => go('architecture', name, scenarioQuery(next)))),
      el('div', {class: 'grid arch'},
        el('div', {}, drawDiagram(arch.spec, figures.layers, new Set(), name)),
        el('div', {},
          el('h3', {text: 'Analysis'}),
          analysisFigures(figures),
          el('h3', {text: 'Layer schedule'}),
          scheduleStrip(arch.spec, figures.layers),
          el('div', {class: 'actions'},
            el('a', {class: 'button', id: 'derive-link', href: link('derive', name, scenarioQuery(scenario))}, 'Derive a variant'),
            el('a', {class: 'button', id: 'compare-link', href: link('compare', '', {names: parentName ? `${name},${parentName}` : name, ...scenarioQuery(scenario)})},
              parentName ? 'Compare with its parent' : 'Compare…'),
            el('button', {type: 'button', class: 'secondary', onclick: () => benchmarkSlot.replaceChildren(benchmarkPanel([name]))}, 'Benchmark…')),
          benchmarkSlot))),
    el('section', {class: 'grid two'},
      el('article', {class: 'card', id: 'revisions'}, el('h3', {text: 'Revisions'}),
        el('ul', {class: 'list'}, history.map((r) => el('li', {'data-revision': r.revision},
          el('b', {text: `#${r.revision}`}), el('span', {text: new Date(r.createdAt).toLocaleDateString()}), el('span', {class: 'muted', text: r.source}))))),
      el('article', {class: 'card', id: 'variants'}, el('h3', {text: 'Variants derived from it'}),
        variants.length ? el('ul', {class: 'list'}, variants.map((v) => el('li', {'data-variant': v.name},
          el('a', {href: link('architecture', v.name), text: v.name}), el('span', {class: 'muted', text: `from revision ${v.derivedFrom.split('@')[1]}`}))))
          : el('p', {class: 'muted', text: 'None yet: derive one.'}))));
}
