// Energy (#/energy): a meter's quarter-hour consumption over a date range as a bar chart (GAP and INTERPOLATED
// intervals marked), the total kWh and the CSV export.
import { api, h, card, show, formatTime, isObject, asArray } from './common/lib.js';
import { API, apiPath, head, field, select, rangeForm, s, facts, fetchInto } from './fleet-lib.js';
import { energyChart, mergeIntervals } from './charts.js';

/** The meters by name (the API's key): a name reported by several gateways is one choice. */
function meterChoices(meters) {
  const byName = new Map();
  for (const m of meters.filter((entry) => isObject(entry) && typeof entry.meter === 'string')) {
    const choice = byName.get(m.meter) || { name: m.meter, clients: [], first: m.first, last: m.last };
    choice.clients.push(m.clientId);
    if (m.first < choice.first) choice.first = m.first;
    if (m.last > choice.last) choice.last = m.last;
    byName.set(m.meter, choice);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function mount(root, context) {
  const meter = select('energy-meter', []);
  const meterHelp = h('span', { id: 'energy-meter-range' });
  const result = h('div', { id: 'energy-result' });
  const exportLink = h('a', { id: 'energy-export', class: 'button-link small', download: 'energy.csv', hidden: true }, 'CSV export');
  const chart = s('svg', { id: 'energy-chart', class: 'chart', role: 'img', 'aria-label': 'Consumption per interval in kWh' });
  let meters = [];

  const report = rangeForm('energy', context, {
    before: [field('Meter', meter, meterHelp)],
    values: () => ({ meter: meter.value }),
    check: () => (meter.value ? {} : { 'energy-meter': 'Choose a meter.' }),
    async load(range) {
      const answer = await api('GET', apiPath('/energy', range));
      if (!context.alive()) return;
      const merged = mergeIntervals(asArray(isObject(answer) ? answer.intervals : null));
      energyChart(chart, merged, (isObject(answer) && answer.zone) || context.zone());
      chart.dataset.meter = range.meter;
      const quality = (q) => merged.filter((m) => m.quality === q).length;
      result.replaceChildren(facts(null, [
        ['Total', h('span', null, h('span', { id: 'energy-total' },
          merged.reduce((sum, m) => sum + m.kwh, 0).toLocaleString(undefined, { maximumFractionDigits: 3 })), ' kWh'), { class: 'big' }],
        ['Intervals', `${merged.length} (${quality('GAP')} gaps, ${quality('INTERPOLATED')} interpolated)`, { id: 'energy-intervals' }],
        ['Gateways', show([...new Set(merged.flatMap((m) => [...m.clients]))].join(', ')), { class: 'mono break' }]]));
    },
  });
  function updateMeter() {
    const m = meters.find((choice) => choice.name === meter.value);
    meterHelp.textContent = m ? `Data from ${formatTime(m.first)} to ${formatTime(m.last)}.` : '';
    exportLink.href = apiPath('/exports/energy.csv', report.range());
    exportLink.hidden = !meter.value;
  }
  report.form.addEventListener('input', updateMeter);
  report.form.addEventListener('change', updateMeter);

  root.append(
    head('Energy', h('p', { class: 'muted' }, 'Consumption per interval of a meter. Dates are days in the console\'s time '
      + `zone${context.zone() ? ` (${context.zone()})` : ''}, both included.`)),
    card(null, report.form),
    card('Consumption', result,
      h('p', { class: 'legend' }, h('span', { class: 'key q-GOOD' }), 'measured ', h('span', { class: 'key q-INTERPOLATED' }),
        'interpolated ', h('span', { class: 'key q-GAP' }), 'gap ', h('span', { class: 'key q-OTHER' }), 'reset or partial'),
      h('div', { class: 'chart-wrap' }, chart), h('p', null, exportLink)));

  fetchInto(context, `${API}/energy/meters`, report.general, (answer) => {
    meters = meterChoices(asArray(answer.meters));
    meter.replaceChildren(...meters.map((m) => h('option', { value: m.name },
      `${m.name} (${m.clients.length > 1 ? `${m.clients.length} gateways` : m.clients[0]})`)));
    if (meters.some((m) => m.name === context.params.get('meter'))) meter.value = context.params.get('meter');
    updateMeter();
    if (meters.length) report.run();
    else meterHelp.textContent = 'No meter has reported yet.';
  }, 'Meters')();
  return null;
}
