'use strict';
// Scaled runs on the dashboard: a result of a scaled variant is grouped under the architecture the job named, labelled
// as scaled (what it kept of the layers and experts), and shown with the full-size model's estimate beside the
// measurement — drawn dashed, with how it is made in its tooltip, never as a measurement. dashboard.js calls these.

const ArchLabScaled = (() => {
  /** "5/61 layers, 24/256 experts" for a result or curve of a scaled variant; null otherwise. */
  function kept(scaling) {
    if (!scaling) return null;
    const experts = scaling.experts == null ? '' : `, ${scaling.experts}/${scaling.totalExperts} experts`;
    return `${scaling.layers}/${scaling.totalLayers} layers${experts}`;
  }

  /** The name to show: the original architecture, and for a scaled variant what it kept. */
  function label(r) {
    const what = kept(r.scaling);
    return what ? `${r.originalArchitecture} (scaled: ${what})` : r.architecture;
  }

  /** A visible "scaled" mark with the variant that actually ran in its tooltip; null for an architecture run whole. */
  function badge(r, el) {
    if (!r.scaling) return null;
    return el('span', {class: 'pill scaled', text: 'scaled',
      title: `Measured on ${r.architecture}, a scaled variant of ${r.originalArchitecture}: ${kept(r.scaling)} kept, every width and kind of layer as in the original.`});
  }

  /** Architectures in groups by the original each stands for: the original first, then its scaled variants. */
  function grouped(rows) {
    const original = new Map(rows.map((r) => [r.architecture, r.originalArchitecture || r.architecture]));
    return [...original.keys()].sort((a, b) => original.get(a).localeCompare(original.get(b))
      || (a === original.get(a) ? -1 : b === original.get(b) ? 1 : a.localeCompare(b)));
  }

  /** Rows for the side-by-side table: the full-size estimate and the full model's theory, styled as estimates. */
  function comparedRows(rate, bytes) {
    const estimate = (r) => r.fullSizeEstimate;
    const cell = (r) => (estimate(r) ? {class: 'num estimate', title: estimate(r).method} : {class: 'num'});
    return [
      ['full size: decode tok/s (estimate)', (r) => estimate(r)?.decodeTokensPerSecond, (v) => (v == null ? '–' : `≈ ${rate(v)}`), null, cell],
      ['full size: weights (theory)', (r) => estimate(r)?.weightBytes, bytes, null, cell],
      ['full size: KV cache (theory)', (r) => estimate(r)?.kvCacheBytes, bytes, null, cell],
    ];
  }

  /** Dashed lines of the full-size estimates for the scaled series of a curve; the method shows in the tooltip. */
  function estimateDatasets(curves, labels, colorOf) {
    return curves.series.filter((s) => s.scaling && s.points.some((p) => p.estimatedFullSize != null)).map((s) => ({
      label: `${s.originalArchitecture} full size (estimate)`, estimateMethod: s.estimateMethod,
      borderColor: colorOf(s.architecture), backgroundColor: 'transparent', borderDash: [6, 4], borderWidth: 1.5,
      pointRadius: 2, pointStyle: 'crossRot', tension: 0.25, spanGaps: true,
      data: labels.map((c) => s.points.find((p) => p.contextLength === c)?.estimatedFullSize ?? null),
    }));
  }

  /** Chart.js tooltip callbacks that mark an estimate as one and say how it is made. */
  const tooltip = {
    label: (c) => `${c.dataset.label}: ${c.formattedValue}${c.dataset.estimateMethod ? ' (estimate, not measured)' : ''}`,
    footer: (items) => items.find((i) => i.dataset.estimateMethod)?.dataset.estimateMethod || '',
  };

  return {kept, label, badge, grouped, comparedRows, estimateDatasets, tooltip};
})();
