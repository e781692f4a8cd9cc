// The analysis beside a diagram: the registry's figures for one architecture at a scenario, as tiles and a table.

import {bytes, count, el, flops, integer, tokens} from './ui.js';

export function analysisFigures(analysis) {
  const p = analysis.parameters;
  const tile = (id, label, value, title) => el('div', {class: 'figure', 'data-figure': id, title}, el('b', {text: value}), el('span', {text: label}));
  const tiles = [
    tile('total', 'total parameters', count(p.total), integer(p.total)),
    tile('active', 'active per token', count(p.active), integer(p.active)),
    tile('resident', 'resident in memory', count(p.resident ?? p.total), integer(p.resident ?? p.total)),
    tile('kv-token', `KV per token (${analysis.kvCache.dtype})`, bytes(analysis.kvCache.bytesPerToken), integer(analysis.kvCache.bytesPerToken)),
    tile('kv-context', `KV at ${tokens(analysis.kvCache.context)} tokens`, bytes(analysis.kvCache.totalBytes), integer(analysis.kvCache.totalBytes)),
    tile('weights', `weights in ${analysis.weights.dtype}`, bytes(analysis.weights.bytes), integer(analysis.weights.bytes)),
    tile('flops', 'FLOPs per decoded token', flops(analysis.flops.decodePerToken)),
  ];
  if (p.streamable) tiles.splice(3, 0, tile('streamable', 'streamable (PLE)', count(p.streamable), integer(p.streamable)));
  const components = Object.entries(p.byComponent || {}).filter(([, n]) => n > 0).sort(([, a], [, b]) => b - a)
    .map(([component, n]) => el('tr', {}, el('td', {text: component.toLowerCase().replaceAll('_', ' ')}), el('td', {class: 'num', text: count(n)}),
      el('td', {class: 'num', text: `${((100 * n) / p.total).toFixed(1)} %`})));
  const kinds = Object.entries(analysis.kvCache.byLayerKind || {})
    .map(([kind, k]) => el('tr', {}, el('td', {text: kind.toLowerCase().replaceAll('_', ' ')}), el('td', {class: 'num', text: k.layers}),
      el('td', {class: 'num', text: k.bytesPerTokenPerLayer ? bytes(k.bytesPerTokenPerLayer) : bytes(k.fixedBytesPerLayer) + ' fixed'}),
      el('td', {class: 'num', text: bytes(k.totalBytes)})));
  return el('div', {class: 'analysis', id: 'analysis'},
    el('div', {class: 'figures'}, tiles),
    el('div', {class: 'grid two tables'},
      el('table', {class: 'data'}, el('thead', {}, el('tr', {}, el('th', {text: 'Parameters by part'}), el('th', {class: 'num', text: 'count'}), el('th', {class: 'num', text: 'share'}))),
        el('tbody', {}, components)),
      el('table', {class: 'data'}, el('thead', {}, el('tr', {}, el('th', {text: 'KV cache by layer kind'}), el('th', {class: 'num', text: 'layers'}),
        el('th', {class: 'num', text: 'per token'}), el('th', {class: 'num', text: 'at context'}))), el('tbody', {}, kinds))));
}
