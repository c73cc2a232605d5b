// Passenger counts (#/counts): a report by stop, trip, line, hour or day over a date range as table and bar chart,
// the export links, trip balances with their flags and the live occupancy of every vehicle (every 15 s).
import { api, h, card, table, show, poller, isObject, asArray } from './common/lib.js';
import {
  API, apiPath, head, field, input, select, rangeForm, gatewayLink, s, cardWith, errorLine, fetchInto, timeTd, numTd,
  occupancyText, stopText,
} from './fleet-lib.js';
import { groupedBars } from './charts.js';

const BY = [['stop', 'Stop'], ['trip', 'Trip'], ['line', 'Line'], ['hour', 'Hour'], ['day', 'Day']];
const FLAG_CLASS = { BALANCED: 'good', IMBALANCED: 'bad', INCOMPLETE: 'warn' };
const SERIES = [{ name: 'boardings', cls: 'boardings' }, { name: 'alightings', cls: 'alightings' }];
const EXPORTS = [
  ['export-stop-visits', 'Stop visits (CSV)', '/exports/stop-visits.csv', true],
  ['export-tides-stop-visits', 'TIDES stop_visits', '/exports/tides/stop_visits.csv', true],
  ['export-tides-passenger-events', 'TIDES passenger_events', '/exports/tides/passenger_events.csv', true],
  ['export-gtfs-rt-pb', 'GTFS-RT vehicle positions (.pb)', '/gtfs-rt/vehicle-positions.pb', false],
  ['export-gtfs-rt-json', 'GTFS-RT (.json)', '/gtfs-rt/vehicle-positions.json', false],
];

function reportCards(context) {
  const q = context.params;
  const by = select('counts-by', BY, { value: BY.some(([value]) => value === q.get('by')) ? q.get('by') : 'stop' });
  const threshold = input('counts-threshold', { type: 'number', min: 0, step: 1, value: q.get('threshold') || 2, inputmode: 'numeric' });
  const keyHeading = h('span', { id: 'counts-key-heading' }, 'Stop');
  const [rows, totals, balances, summary, exports] = [h('tbody'), h('tfoot'), h('tbody'),
    h('p', { class: 'muted', id: 'counts-summary' }), h('p', { class: 'exports', id: 'counts-exports' })];
  const chart = s('svg', { id: 'counts-chart', class: 'chart', role: 'img', 'aria-label': 'Boardings and alightings' });

  function renderReport(answer, range) {
    const list = asArray(answer.rows).filter(isObject);
    rows.replaceChildren(...list.map((r) => h('tr', { 'data-key': r.key },
      h('td', { title: show(r.key) }, show(r.label ?? r.key)), numTd(r.visits), numTd(r.boardings), numTd(r.alightings))));
    const sum = (key) => list.reduce((total, r) => total + (Number(r[key]) || 0), 0);
    totals.replaceChildren(h('tr', null, h('th', { scope: 'row' }, 'Total'), numTd(sum('visits')), numTd(sum('boardings')), numTd(sum('alightings'))));
    groupedBars(chart, list.map((r) => ({ key: String(r.key), label: String(r.label ?? r.key), values: [r.boardings, r.alightings] })), SERIES);
    keyHeading.textContent = (BY.find(([value]) => value === (answer.by || range.by)) || [null, 'Key'])[1];
    summary.textContent = `${answer.from ?? range.from} to ${answer.to ?? range.to}${answer.zone ? ` (${answer.zone})` : ''} · ${list.length} rows`;
  }

  const report = rangeForm('counts', context, {
    after: [field('Report by', by), field('Balance threshold', threshold, 'Trips whose boardings and alightings differ by more are imbalanced.')],
    values: () => ({ by: by.value, threshold: threshold.value }),
    check: () => (/^\d+$/.test(threshold.value) ? {} : { 'counts-threshold': 'A whole number, 0 or more.' }),
    async load(range) {
      const { by: what, threshold: limit, ...dates } = range;
      const [counts, trips] = await Promise.all([api('GET', apiPath('/counts', { by: what, ...dates })),
        api('GET', apiPath('/trip-balances', { ...dates, threshold: limit }))]);
      if (!context.alive()) return;
      renderReport(isObject(counts) ? counts : {}, range);
      balances.replaceChildren(...asArray(isObject(trips) ? trips.rows : null).filter(isObject).map((r) => h('tr', {
        'data-client-id': r.clientId, 'data-trip-id': r.tripId, 'data-flag': r.flag,
      },
      h('td', null, gatewayLink(r.clientId)), h('td', { class: 'mono break' }, show(r.tripId)), timeTd(r.tripStart), h('td', null, show(r.line)),
      ...['visits', 'boardings', 'alightings', 'difference', 'reportedVisits', 'reportedImbalance'].map((key) => numTd(r[key])),
      h('td', null, h('span', { class: `tag ${FLAG_CLASS[r.flag] || ''}` }, show(r.flag))))));
    },
  });
  const updateExports = () => {
    const { from, to } = report.range();
    exports.replaceChildren(...EXPORTS.map(([id, text, path, ranged]) => h('a', {
      id, class: 'button-link small', href: apiPath(path, ranged ? { from, to } : null), download: '',
    }, text)));
  };
  report.form.addEventListener('input', updateExports);
  updateExports();

  const element = [
    card(null, report.form, h('h3', null, 'Exports'), exports),
    card('Report', summary,
      h('p', { class: 'legend' }, h('span', { class: 'key boardings' }), 'boardings ', h('span', { class: 'key alightings' }), 'alightings'),
      h('div', { class: 'chart-wrap' }, chart),
      table({ id: 'counts-table' }, [keyHeading, ['Visits', 'num'], ['Boardings', 'num'], ['Alightings', 'num']], rows, totals)),
    card('Trip balances', table({ id: 'trip-balances' }, ['Gateway', 'Trip', 'Start', 'Line', ['Visits', 'num'], ['Boardings', 'num'],
      ['Alightings', 'num'], ['Difference', 'num'], ['Reported visits', 'num'], ['Reported imbalance', 'num'], 'Flag'], balances))];
  return { element, load: report.run };
}

function occupancyCard(context) {
  const rows = h('tbody');
  const error = errorLine('occupancy-error');
  const updated = h('span', { class: 'muted', id: 'occupancy-updated' });
  const element = cardWith('occupancy-section', 'Live occupancy', updated, error,
    table({ id: 'occupancy-table' }, ['Vehicle', ['On board', 'num'], 'Occupancy', 'Doors', 'Line', 'Trip', 'Stop', 'At'], rows));
  const polling = poller(fetchInto(context, `${API}/occupancy`, error, (answer) => {
    rows.replaceChildren(...asArray(answer.vehicles).filter(isObject).map((v) => h('tr', { 'data-client-id': v.clientId },
      h('td', null, gatewayLink(v.clientId, v.displayName)), numTd(v.load), h('td', null, occupancyText(v)),
      h('td', { class: v.doorsOpen ? 'doors-open' : null }, v.doorsOpen ? 'open' : 'closed'),
      h('td', null, show(v.line)), h('td', { class: 'mono break' }, show(v.tripId)), h('td', null, stopText(v)), timeTd(v.at))));
    updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  }, 'Occupancy'), 15000);
  return { element, stop: () => polling.stop() };
}

export function mount(root, context) {
  const report = reportCards(context);
  const occupancy = occupancyCard(context);
  root.append(head('Passenger counts', h('p', { class: 'muted' }, 'Dates are days in the console\'s time zone'
    + `${context.zone() ? ` (${context.zone()})` : ''}, both included.`)), ...report.element, occupancy.element);
  report.load();
  return () => occupancy.stop();
}
