// "Benchmark these": queues one benchmark job for a selection of architectures and links to the dashboard,
// which follows the job live and shows its numbers beside the theory.

import {queueBenchmark} from './api.js';
import {$, el, failure, DTYPES} from './ui.js';

export function benchmarkPanel(names) {
  const status = el('div', {class: 'benchmark-state', role: 'status'});
  const field = (id, label, input) => el('div', {class: 'field'}, el('label', {for: id, text: label}), input);
  const form = el('form', {class: 'benchmark-panel', id: 'benchmark-form', novalidate: true},
    el('h3', {text: `Benchmark ${names.length ? names.join(', ') : 'the selection'}`}),
    el('div', {class: 'form-grid'},
      field('bench-contexts', 'Context lengths', el('input', {id: 'bench-contexts', value: '512, 4096'})),
      field('bench-dtype', 'Weights dtype', el('select', {id: 'bench-dtype'}, DTYPES.map((d) => el('option', {selected: d === 'Q8_0'}, d)))),
      field('bench-prompt', 'Prompt tokens', el('input', {id: 'bench-prompt', type: 'number', value: '128', min: '1'})),
      field('bench-generate', 'Generated tokens', el('input', {id: 'bench-generate', type: 'number', value: '64', min: '1'})),
      field('bench-repeats', 'Repeats', el('input', {id: 'bench-repeats', type: 'number', value: '3', min: '1'}))),
    el('div', {class: 'actions'}, el('button', {type: 'submit', id: 'queue-benchmark', disabled: !names.length}, 'Queue benchmark'), status));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren('queueing…');
    const number = (id) => Number($(`#${id}`, form).value);
    try {
      const job = await queueBenchmark({
        architectures: names,
        contextLengths: $('#bench-contexts', form).value.split(/[\s,]+/).filter(Boolean).map(Number),
        dtype: $('#bench-dtype', form).value, weights: 'random',
        promptTokens: number('bench-prompt'), generateTokens: number('bench-generate'), repeats: number('bench-repeats'), warmup: 0,
        label: `explorer: ${names.join(', ')}`,
      });
      status.replaceChildren(`Queued job ${job.id.slice(0, 8)} (${job.tasks.length} task${job.tasks.length === 1 ? '' : 's'}). `,
        el('a', {href: '/dashboard/', id: 'follow-job', 'data-job': job.id, class: 'button'}, 'Follow it on the dashboard →'));
    } catch (error) {
      const fields = (error.problem?.errors || []).map((e) => `${e.field}: ${e.message}`);
      status.replaceChildren(failure(error), ...fields.map((f) => el('div', {class: 'error', text: f})));
    }
  });
  return form;
}
