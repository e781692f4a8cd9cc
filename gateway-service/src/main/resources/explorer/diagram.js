// The block diagram of an architecture, generated as SVG from its spec in the visual language of the comparison
// article: tokens enter at the bottom through the embedding, pass the repeated transformer block (its norms where
// the spec places them, its attention and feed-forward kinds with their sizes) and leave through the final norm and
// the output head at the top. Nothing is drawn per model: every box, label and mark comes from a spec field, and
// each box names the spec fields it shows (data-knobs), so a comparison can mark the boxes whose fields differ.

import {el, integer} from './ui.js';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 460;
const CENTER = 230;
const BOX = 280;
const GAP = 20;

const COLORS = {
  embedding: ['#fde7ef', '#db2777'],
  norm: ['#fef9c3', '#ca8a04'],
  attention: ['#e0e7ff', '#4f46e5'],
  linear: ['#fef3c7', '#d97706'],
  ffn: ['#dcfce7', '#16a34a'],
  moe: ['#d1fae5', '#047857'],
  head: ['#f3e8ff', '#9333ea'],
  extra: ['#e0f2fe', '#0284c7'],
};

/** Which spec fields each part of the drawing shows; a part whose field differs in a comparison is marked. */
const KNOBS = {
  embedding: ['vocabSize', 'hiddenSize', 'embeddings', 'perLayerInputs'],
  attention: ['attention', 'rope', 'schedule.mixers', 'schedule.rope', 'schedule.kvSharedLayers'],
  linear: ['linearAttention', 'schedule.mixers'],
  norm: ['norm'],
  ffn: ['feedForward', 'moe', 'schedule.ffn', 'schedule.leadingDenseLayers', 'activationSparsity'],
  block: ['layers', 'residualStreams', 'lowRankResidual'],
  head: ['output', 'embeddings.tied', 'vocabSize', 'multiTokenPrediction'],
};

const ACTIVATIONS = {SWIGLU: 'SwiGLU', GEGLU: 'GeGLU', GELU: 'GELU MLP', SWIGLU_OAI: 'SwiGLU, clamped'};
const MIXER_NAMES = {FULL: 'full', SLIDING: 'sliding', CHUNKED: 'chunked', LINEAR: 'DeltaNet'};

function node(tag, attributes = {}, ...children) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attributes)) if (v != null) n.setAttribute(k, v);
  children.flat().forEach((c) => { if (c != null) n.append(c instanceof Node ? c : document.createTextNode(String(c))); });
  return n;
}

function text(x, y, content, cls, anchor = 'middle') {
  return node('text', {x, y, class: cls, 'text-anchor': anchor}, content);
}

/** Whether a part shows a field that differs: a difference's field is one of its knobs or lies under one. */
function differs(part, differences) {
  if (!differences || !differences.size) return false;
  return [...differences].some((field) => KNOBS[part].some((knob) => field === knob || field.startsWith(`${knob}.`)));
}

/** A tag's approximate width in pixels at the tag font size. */
const tagWidth = (label) => 14 + label.length * 6.4;

/** Lays tags out in rows no wider than the box; returns [{label, x, row}] relative to the box's left edge. */
function layoutTags(tags, width) {
  const placed = [];
  let x = 8;
  let row = 0;
  for (const tag of tags) {
    const w = tagWidth(tag.label);
    if (x + w > width - 8 && x > 8) { row++; x = 8; }
    placed.push({...tag, x, row, w});
    x += w + 6;
  }
  return {placed, rows: placed.length ? row + 1 : 0};
}

/**
 * One box: a title, detail lines and tags. Returns its group and height; `part` says which knobs it shows and
 * `role` what it is (the tests and the accessibility tree read both).
 */
function box({part, kind, role, title, details = [], tags = [], x, y, w = BOX, differences}) {
  const [fill, stroke] = COLORS[kind];
  const {placed, rows} = layoutTags(tags, w);
  const h = 12 + 15 + details.length * 14 + rows * 19 + (details.length || rows ? 6 : 0);
  const group = node('g', {class: `box ${kind}${differs(part, differences) ? ' differs' : ''}`, 'data-part': part, 'data-role': role,
    'data-knobs': KNOBS[part].join(' ')});
  group.append(node('rect', {class: 'frame', x, y, width: w, height: h, rx: 9, fill, stroke}));
  group.append(text(x + w / 2, y + 20, title, 'title'));
  details.forEach((line, i) => group.append(text(x + w / 2, y + 35 + i * 14, line, 'detail')));
  const tagTop = y + 27 + details.length * 14 + 4;
  for (const tag of placed) {
    const ty = tagTop + tag.row * 19;
    const offset = (w - rowWidth(placed, tag.row)) / 2 - 8;
    group.append(node('g', {class: 'tag-mark', 'data-tag': tag.id},
      node('rect', {x: x + offset + tag.x, y: ty, width: tag.w, height: 16, rx: 8, fill: '#fff', stroke, 'stroke-width': 0.8}),
      text(x + offset + tag.x + tag.w / 2, ty + 11.5, tag.label, 'tag')));
  }
  if (group.classList.contains('differs')) {
    group.append(node('circle', {class: 'badge', cx: x + w - 2, cy: y + 2, r: 8}));
    group.append(node('text', {x: x + w - 2, y: y + 6, 'text-anchor': 'middle', fill: '#fff', 'font-size': 11, 'font-weight': 700}, '≠'));
  }
  return {group, h};
}

function rowWidth(placed, row) {
  const inRow = placed.filter((t) => t.row === row);
  const last = inRow[inRow.length - 1];
  return last ? last.x + last.w - 8 : 0;
}

function normName(spec) {
  return spec.norm?.kind === 'LAYER' ? 'LayerNorm' : 'RMSNorm';
}

function attentionTitle(a) {
  const gated = a.outputGate ? 'Gated ' : '';
  if (a.mla) return `${gated}Multi-head latent attention (MLA)`;
  if (a.kvHeads === a.heads) return `${gated}Multi-head attention (MHA)`;
  if (a.kvHeads === 1) return `${gated}Multi-query attention (MQA)`;
  return `${gated}Grouped-query attention (GQA)`;
}

function kindOf(a) {
  if (a.mla) return 'MLA';
  return a.kvHeads === a.heads ? 'MHA' : a.kvHeads === 1 ? 'MQA' : 'GQA';
}

/** What the drawing needs of the layer plan: counts of each mixer, FFN and NoPE layer, KV-shared layers. */
function layerCounts(spec, layers) {
  const counts = {mixers: {}, ffn: {}, nope: 0, shared: 0};
  for (const l of layers || []) {
    counts.mixers[l.mixer] = (counts.mixers[l.mixer] || 0) + 1;
    counts.ffn[l.ffn] = (counts.ffn[l.ffn] || 0) + 1;
    if (!l.rope && l.mixer !== 'LINEAR') counts.nope++;
    if (l.kvSharedFrom != null) counts.shared++;
  }
  if (!layers) for (const m of spec.schedule.mixers) counts.mixers[m] = (counts.mixers[m] || 0) + 1;
  return counts;
}

function attentionBox(spec, counts, x, y, w, differences) {
  const a = spec.attention;
  const narrow = w < BOX;
  const details = a.mla
    ? [`${a.heads} heads · KV latent ${integer(a.mla.kvLoraRank)} · Q latent ${a.mla.queryLoraRank ? integer(a.mla.queryLoraRank) : 'none'}`,
      `shared RoPE key ${a.mla.qkRopeHeadDim} · no-RoPE ${a.mla.qkNopeHeadDim} · value ${a.mla.valueHeadDim}`]
    : narrow ? [`${a.heads} heads · ${a.kvHeads} KV head${a.kvHeads === 1 ? '' : 's'}`, `head dim ${a.headDim}`]
      : [`${a.heads} heads · ${a.kvHeads} KV head${a.kvHeads === 1 ? '' : 's'} · head dim ${a.headDim}`];
  const tags = [];
  if (a.qkNorm && a.qkNorm !== 'NONE') tags.push({id: 'qk-norm', label: a.qkNorm === 'L2' ? 'QK L2-norm' : 'QK-Norm'});
  if (a.slidingWindow && counts.mixers.SLIDING) tags.push({id: 'sliding-window', label: `sliding window ${integer(a.slidingWindow)}`});
  if (a.chunkSize && counts.mixers.CHUNKED) tags.push({id: 'chunked', label: `chunks of ${integer(a.chunkSize)}`});
  if (counts.nope) tags.push({id: 'nope', label: `NoPE in ${counts.nope} layers`});
  if (!spec.rope) tags.push({id: 'no-rope', label: spec.embeddings?.learnedPositions ? 'learned positions' : 'no RoPE'});
  if (a.outputGate) tags.push({id: 'output-gate', label: 'sigmoid output gate'});
  if (a.sinks) tags.push({id: 'sinks', label: 'attention sinks'});
  if (a.logitSoftcap) tags.push({id: 'softcap', label: `softcap ${a.logitSoftcap}`});
  if (a.valueNorm) tags.push({id: 'value-norm', label: 'value norm'});
  if (counts.shared) tags.push({id: 'kv-shared', label: `KV shared in last ${counts.shared}`});
  const softmaxLayers = (counts.mixers.FULL || 0) + (counts.mixers.SLIDING || 0) + (counts.mixers.CHUNKED || 0);
  const title = narrow ? `${a.outputGate ? 'Gated attention' : 'Attention'} · ${softmaxLayers}×` : attentionTitle(a);
  if (narrow && !a.mla) details[0] = `${kindOf(a)}: ${details[0]}`;
  return box({part: 'attention', kind: 'attention', role: a.mla ? 'MLA' : 'attention', title, details, tags, x, y, w, differences});
}

function deltaNetBox(spec, counts, x, y, w, differences) {
  const l = spec.linearAttention;
  return box({part: 'linear', kind: 'linear', role: 'DeltaNet', title: `Gated DeltaNet · ${counts.mixers.LINEAR}×`,
    details: [`${l.keyHeads} QK heads · ${l.valueHeads} V heads`, `dims ${l.keyHeadDim}/${l.valueHeadDim} · conv ${l.convKernel}`],
    tags: [{id: 'linear-state', label: 'constant-size state'}], x, y, w, differences});
}

function ffnBox(spec, counts, x, y, differences) {
  const act = ACTIVATIONS[spec.feedForward.activation] || spec.feedForward.activation;
  const tags = [];
  const dense = counts.ffn.DENSE || 0;
  if (spec.activationSparsity) {
    tags.push({id: 'gate-sparsity', label: `gate top-k ${Math.round(spec.activationSparsity.sparsity * 100)}% in ${spec.activationSparsity.layers} layers`});
  }
  if (!spec.moe) {
    return box({part: 'ffn', kind: 'ffn', role: 'dense', title: `Feed forward (${act})`,
      details: [`${integer(spec.hiddenSize)} → ${integer(spec.feedForward.intermediateSize)} → ${integer(spec.hiddenSize)}`], tags, x, y, differences});
  }
  const m = spec.moe;
  if (dense) tags.push({id: 'dense-layers', label: `dense FFN in ${dense} layers`});
  const result = box({part: 'ffn', kind: 'moe', role: 'MoE', title: `Mixture of experts (${act})`,
    details: [`${m.experts} experts · ${m.topK} active · width ${integer(m.expertIntermediateSize)}`], tags, x, y, differences});
  // The experts drawn under the box's text: the router's picks dark (two idle ones beside them where there is room),
  // the shared experts apart.
  const shown = Math.min(m.experts, m.topK + 2, m.sharedExperts ? 10 : 14);
  const size = 12;
  const step = 15;
  const row = node('g', {class: 'experts'});
  const sharedWidth = m.sharedExperts ? 90 : 0;
  const total = shown * step + (m.experts > shown ? 16 : 0) + sharedWidth;
  let ex = x + (BOX - total) / 2;
  const ey = y + result.h + 2;
  for (let i = 0; i < shown; i++) {
    const active = i < m.topK;
    row.append(node('rect', {class: active ? 'expert active' : 'expert', x: ex, y: ey + 2, width: size, height: size, rx: 3,
      fill: active ? COLORS.moe[1] : '#fff', stroke: COLORS.moe[1]}));
    ex += step;
  }
  if (m.experts > shown) { row.append(text(ex + 5, ey + 12, '…', 'detail')); ex += 16; }
  if (m.sharedExperts) {
    row.append(node('g', {class: 'shared-expert', 'data-part': 'shared-expert'},
      node('rect', {x: ex + 2, y: ey - 1, width: sharedWidth - 4, height: 18, rx: 4, fill: '#fde68a', stroke: '#b45309'}),
      text(ex + 2 + (sharedWidth - 4) / 2, ey + 11.5, m.sharedExperts === 1 ? 'shared expert' : `${m.sharedExperts} shared`, 'tag')));
  }
  const frame = result.group.querySelector('rect.frame');
  const h = result.h + 24;
  frame.setAttribute('height', h);
  result.group.append(row);
  return {group: result.group, h};
}

function normBox(spec, role, label, x, y, differences) {
  const tags = spec.norm.zeroCentered ? [{id: 'zero-centered', label: '(1 + w)'}] : [];
  return box({part: 'norm', kind: 'norm', role, title: label, tags, x, y, differences});
}

/**
 * The diagram: a figure holding the SVG and a caption. `layers` is the analysis's layer plan (null for a draft
 * that cannot be analysed); `differences` the set of spec fields that differ in a comparison.
 */
export function drawDiagram(spec, layers, differences = new Set(), name = '') {
  const counts = layerCounts(spec, layers);
  const svg = node('svg', {viewBox: `0 0 ${WIDTH} 100`, role: 'img', 'aria-labelledby': `diagram-title-${name}`,
    'data-norm-placement': spec.norm.placement, 'data-qk-norm': spec.attention.qkNorm || 'NONE'});
  svg.append(node('title', {id: `diagram-title-${name}`}, `Block diagram of ${name || 'the draft'}`));
  svg.append(node('defs', {}, node('marker', {id: `arrow-${name}`, viewBox: '0 0 10 10', refX: 5, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'},
    node('path', {d: 'M 0 0 L 10 5 L 0 10 z', fill: '#667085'}))));
  const left = CENTER - BOX / 2;
  let y = 14;
  const arrow = (from, to) => svg.append(node('line', {x1: CENTER, y1: from, x2: CENTER, y2: to, stroke: '#667085', 'stroke-width': 1.4,
    'marker-end': `url(#arrow-${name})`}));
  const place = (made) => { svg.append(made.group); y += made.h; return made; };
  const step = () => { arrow(y + GAP, y + 2); y += GAP; };

  svg.append(text(CENTER, y + 4, 'next-token logits', 'detail'));
  y += 10;
  arrow(y + 10, y);
  y += 10;
  const headDetails = [`${integer(spec.hiddenSize)} → ${integer(spec.vocabSize)}${spec.embeddings?.tied ? ' · tied to the embedding' : ''}`];
  const headTags = [];
  if (spec.output?.logitSoftcap) headTags.push({id: 'logit-softcap', label: `logit softcap ${spec.output.logitSoftcap}`});
  if (spec.multiTokenPrediction) headTags.push({id: 'mtp', label: `+${spec.multiTokenPrediction.modules} MTP module${spec.multiTokenPrediction.modules === 1 ? '' : 's'}`});
  place(box({part: 'head', kind: 'head', role: 'head', title: 'Linear output layer', details: headDetails, tags: headTags, x: left, y, differences}));
  step();
  place(normBox(spec, 'final', `Final ${normName(spec)}`, left, y, differences));
  step();

  // The repeated block, its contents from the top (its output) down to its input.
  const blockTop = y;
  const blockLeft = 14;
  const blockWidth = WIDTH - 28;
  const blockMarks = [];
  // The residual connections run behind the boxes they bypass.
  const wires = node('g', {class: 'residuals'});
  svg.append(wires);
  y += 30;
  const placement = spec.norm.placement;
  const residual = (entry, circleY) => {
    const side = left - 18;
    wires.append(node('path', {d: `M ${CENTER} ${entry} L ${side} ${entry} L ${side} ${circleY} L ${CENTER - 9} ${circleY}`,
      fill: 'none', stroke: '#98a2b3', 'stroke-width': 1.2, 'stroke-dasharray': '4 3'}));
  };
  const plus = () => {
    const cy = y + 9;
    svg.append(node('circle', {cx: CENTER, cy, r: 9, fill: '#fff', stroke: '#667085'}));
    svg.append(text(CENTER, cy + 4.5, '+', 'title'));
    y += 18;
    return cy;
  };
  const n = normName(spec);
  // feed-forward sub-layer
  const ffnPlus = plus();
  step();
  if (placement !== 'PRE') { place(normBox(spec, 'post-ffn', `Post-feedforward ${n}`, left, y, differences)); step(); }
  place(ffnBox(spec, counts, left, y, differences));
  step();
  if (placement !== 'POST') { place(normBox(spec, 'pre-ffn', placement === 'SANDWICH' ? `Pre-feedforward ${n}` : `${n} 2`, left, y, differences)); step(); }
  residual(y - GAP / 2, ffnPlus);
  // attention sub-layer
  const attentionPlus = plus();
  step();
  if (placement !== 'PRE') { place(normBox(spec, 'post-attention', `Post-attention ${n}`, left, y, differences)); step(); }
  const softmax = (counts.mixers.FULL || 0) + (counts.mixers.SLIDING || 0) + (counts.mixers.CHUNKED || 0);
  if (counts.mixers.LINEAR && softmax) {
    const half = 205;
    const l = deltaNetBox(spec, counts, CENTER - half - 5, y, half, differences);
    const a = attentionBox(spec, counts, CENTER + 5, y, half, differences);
    svg.append(l.group, a.group);
    svg.append(node('text', {x: CENTER - 14, y: y - 5, class: 'tag', 'text-anchor': 'end', 'data-ratio': `${counts.mixers.LINEAR / softmax}:1`},
      `${counts.mixers.LINEAR / softmax} : 1`));
    y += Math.max(l.h, a.h);
  } else if (counts.mixers.LINEAR) {
    place(deltaNetBox(spec, counts, left, y, BOX, differences));
  } else {
    place(attentionBox(spec, counts, left, y, BOX, differences));
  }
  if (spec.lowRankResidual) {
    svg.append(box({part: 'block', kind: 'extra', role: 'laurel', title: 'LAuReL', details: [`rank ${spec.lowRankResidual.rank}`],
      x: left + BOX + 8, y: y - 44, w: WIDTH - 22 - (left + BOX + 8), differences}).group);
  }
  step();
  if (placement !== 'POST') { place(normBox(spec, 'pre-attention', placement === 'SANDWICH' ? `Pre-attention ${n}` : `${n} 1`, left, y, differences)); step(); }
  residual(y - GAP / 2, attentionPlus);
  if (spec.residualStreams) blockMarks.push({id: 'altup', label: `AltUp: ${spec.residualStreams.streams} residual streams`});
  if (spec.perLayerInputs) blockMarks.push({id: 'ple', label: `per-layer inputs (PLE) ×${spec.perLayerInputs.width}`});
  const marks = layoutTags(blockMarks, blockWidth);
  for (const mark of marks.placed) {
    svg.append(node('g', {class: 'tag-mark block-mark', 'data-tag': mark.id},
      node('rect', {x: blockLeft + mark.x, y: y + mark.row * 19, width: mark.w, height: 16, rx: 8, fill: '#fff', stroke: COLORS.extra[1]}),
      text(blockLeft + mark.x + mark.w / 2, y + mark.row * 19 + 11.5, mark.label, 'tag')));
  }
  y += marks.rows * 19 + 4;
  const blockHeight = y - blockTop;
  const block = node('g', {class: `box block${differs('block', differences) ? ' differs' : ''}`, 'data-part': 'block', 'data-role': 'block',
    'data-knobs': KNOBS.block.join(' ')},
  node('rect', {class: 'frame', x: blockLeft, y: blockTop, width: blockWidth, height: blockHeight, rx: 14, fill: '#f8fafc', stroke: '#98a2b3',
    'stroke-dasharray': '6 4'}),
  text(blockLeft + 12, blockTop + 20, 'Transformer block', 'title', 'start'),
  text(blockLeft + blockWidth - 12, blockTop + 20, `×${spec.layers}`, 'title', 'end'));
  svg.insertBefore(block, svg.querySelector('defs').nextSibling);
  step();

  const embeddingTags = [];
  if (spec.embeddings?.scaleBySqrtHidden) embeddingTags.push({id: 'sqrt-scale', label: '× √width'});
  if (spec.embeddings?.learnedPositions) embeddingTags.push({id: 'learned-positions', label: `+ ${integer(spec.embeddings.learnedPositions)} learned positions`});
  if (spec.perLayerInputs) embeddingTags.push({id: 'ple-table', label: `PLE table ${spec.layers}×${spec.perLayerInputs.width}`});
  place(box({part: 'embedding', kind: 'embedding', role: 'embedding', title: 'Token embedding layer',
    details: [`${integer(spec.vocabSize)} tokens × ${integer(spec.hiddenSize)}`], tags: embeddingTags, x: left, y, differences}));
  arrow(y + 18, y + 2);
  y += 30;
  svg.append(text(CENTER, y, 'tokenized text', 'detail'));
  y += 10;
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${y}`);
  return el('figure', {class: 'diagram', 'data-architecture': name}, svg);
}

/** The pattern of the schedule in words, e.g. "5 sliding : 1 full" or "3 DeltaNet : 1 full". */
export function patternWords(spec) {
  const mixers = spec.schedule.mixers;
  const order = [...new Set(mixers)];
  if (order.length === 1) return `every layer ${MIXER_NAMES[order[0]]}${order[0] === 'FULL' ? ' attention' : ''}`;
  if (mixers.length > 12) return order.map((m) => `${mixers.filter((x) => x === m).length} ${MIXER_NAMES[m]}`).join(', ');
  return order.map((m) => `${mixers.filter((x) => x === m).length} ${MIXER_NAMES[m]}`).join(' : ');
}

/** The layer-schedule strip: one cell per layer for its mixer, its positions and its FFN, from the analysis. */
export function scheduleStrip(spec, layers) {
  if (!layers) return el('p', {class: 'muted', text: 'The schedule is drawn once the spec is valid.'});
  const cells = (kind, value, title) => el('span', {class: `cell ${value}`, 'data-kind': kind, 'data-value': value, title});
  const row = (label, list) => el('div', {class: 'row'}, el('span', {text: label}), el('div', {class: 'cells'}, list));
  const rows = [
    row('mixer', layers.map((l) => cells('mixer', l.mixer, `layer ${l.index}: ${MIXER_NAMES[l.mixer]}`))),
    row('FFN', layers.map((l) => cells('ffn', l.ffn, `layer ${l.index}: ${l.ffn === 'MOE' ? 'MoE' : 'dense'}`))),
  ];
  if (layers.some((l) => !l.rope && l.mixer !== 'LINEAR')) {
    rows.push(row('positions', layers.map((l) => cells('rope', l.rope || l.mixer === 'LINEAR' ? 'rope' : 'nope', `layer ${l.index}: ${l.rope ? 'RoPE' : 'NoPE'}`))));
  }
  if (layers.some((l) => l.kvSharedFrom != null)) {
    rows.push(row('KV', layers.map((l) => cells('kv', l.kvSharedFrom != null ? 'shared' : 'rope', l.kvSharedFrom != null ? `layer ${l.index}: KV of layer ${l.kvSharedFrom}` : `layer ${l.index}: own KV`))));
  }
  const tally = {};
  layers.forEach((l) => { tally[l.mixer] = (tally[l.mixer] || 0) + 1; });
  const legendItem = (cls, label) => el('span', {}, el('i', {class: `cell ${cls}`}), label);
  return el('section', {class: 'schedule', 'aria-label': 'Layer schedule'},
    el('p', {class: 'pattern', 'data-pattern': patternWords(spec)}, `Schedule: ${patternWords(spec)}`),
    el('div', {class: 'strip', role: 'img', 'aria-label': `${layers.length} layers: ${Object.entries(tally).map(([m, c]) => `${c} ${MIXER_NAMES[m]}`).join(', ')}`}, rows),
    el('div', {class: 'legend'},
      Object.entries(tally).map(([m, c]) => legendItem(m, `${MIXER_NAMES[m]} ×${c}`)),
      legendItem('DENSE', 'dense FFN'), spec.moe ? legendItem('MOE', 'MoE FFN') : null,
      layers.some((l) => !l.rope && l.mixer !== 'LINEAR') ? legendItem('nope', 'NoPE') : null,
      layers.some((l) => l.kvSharedFrom != null) ? legendItem('shared', 'KV shared') : null));
}
