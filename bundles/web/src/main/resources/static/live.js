// Live data: meters, position, transit and hotspot (GET /api/live every 2 s). Rows are updated in place.
import {
  api, h, table, row, setText, show, formatTime, formatBytes, formatNumber, poller, messageOf, isObject, asArray,
} from './common/lib.js';

const NOT_RUNNING = 'not running on this gateway';

function section(id, title, ...content) {
  const notRunning = h('p', { class: 'muted not-running', hidden: true }, NOT_RUNNING);
  const body = h('div', { class: 'section-body' }, ...content);
  const element = h('section', { class: 'card', id }, h('h2', null, title), notRunning, body);
  return {
    element,
    running(isRunning) {
      notRunning.hidden = isRunning;
      body.hidden = !isRunning;
    },
  };
}

function valueText(value, unit) {
  const text = value === null || value === undefined ? '—' : (typeof value === 'object' ? JSON.stringify(value) : String(value));
  return unit ? `${text} ${unit}` : text;
}

/** Puts child right after previous (first when previous is null) unless it already is there. */
function place(parent, child, previous) {
  const position = previous ? previous.nextSibling : parent.firstChild;
  if (position !== child) parent.insertBefore(child, position);
}

function formatDegrees(value) {
  return typeof value === 'number' ? value.toFixed(6) : show(value);
}

function formatSpeed(metresPerSecond) {
  if (typeof metresPerSecond !== 'number') return show(metresPerSecond);
  return `${(metresPerSecond * 3.6).toFixed(1)} km/h (${metresPerSecond.toFixed(1)} m/s)`;
}

export function mount(root, context) {
  const error = h('p', { id: 'live-error', class: 'error', role: 'alert' });
  const meterWrap = table({ id: 'live-meters', class: 'meters' }, ['Point', ['Value', 'num'], 'Problem']);
  const meterTable = meterWrap.firstChild;
  const meters = section('live-meters-section', 'Meters', meterWrap);
  const positionBox = h('div', { id: 'live-position' });
  const position = section('live-position-section', 'Position', positionBox);
  const transit = section('live-transit-section', 'Transit', h('dl', { class: 'facts' },
    row('Trip', 'live-trip'),
    row('Last stop', 'live-stop'),
    row('Doors', 'live-doors'),
    row('Passengers on board', 'live-occupancy', { class: 'big' }),
    row('Occupancy status', 'live-occupancy-status'),
    row('Occupancy', 'live-occupancy-percentage'),
    row('Computed', 'live-occupancy-time')));
  const sessions = h('tbody');
  const noSessions = h('p', { class: 'muted', hidden: true }, 'No clients connected.');
  const hotspot = section('live-hotspot-section', 'Passenger Wi-Fi',
    h('dl', { class: 'facts' },
      row('Clients connected', 'live-hotspot-clients', { class: 'big' }),
      row('Network (SSID)', 'live-hotspot-ssid'),
      row('hostapd', 'live-hotspot-hostapd'),
      row('Sessions today', 'live-hotspot-sessions-today'),
      row('Sent by clients today', 'live-hotspot-bytes-up'),
      row('Received by clients today', 'live-hotspot-bytes-down'),
      row('Last problem', 'live-hotspot-problem')),
    h('h3', null, 'Sessions'),
    table({ id: 'live-hotspot-sessions' },
      ['Client (pseudonym)', 'Since', ['Up', 'num'], ['Down', 'num'], ['Signal', 'num'], 'Terms accepted'], sessions),
    noSessions);
  root.append(
    h('div', { class: 'view-head' }, h('h1', null, 'Live data'),
      h('p', { class: 'muted' }, 'Last refresh: ', h('span', { id: 'live-updated' }, 'not yet'))),
    error,
    meters.element,
    h('div', { class: 'cards' }, position.element, transit.element),
    hotspot.element);

  const get = (id) => root.querySelector(`#${id}`);
  const meterBodies = new Map();

  function meterHeading(reading) {
    const parts = [reading.bus ? `bus ${reading.bus}` : null,
      reading.unitId !== undefined && reading.unitId !== null ? `unit ${reading.unitId}` : null,
      reading.time ? `read ${formatTime(reading.time)}` : 'not read yet'].filter(Boolean);
    return [h('span', { class: 'meter-name' }, show(reading.meter)), h('span', { class: 'muted' }, ` ${parts.join(' · ')}`)];
  }

  function renderMeters(readings) {
    meters.running(readings.length > 0);
    const seen = new Set();
    let previousBody = meterTable.tHead;
    for (const reading of readings) {
      const name = String(reading.meter);
      seen.add(name);
      let tbody = meterBodies.get(name);
      if (!tbody) {
        tbody = h('tbody', { 'data-meter': name },
          h('tr', { class: 'group' }, h('th', { colspan: 3, scope: 'colgroup' })));
        meterBodies.set(name, tbody);
      }
      place(meterTable, tbody, previousBody); // keeps the server's order
      previousBody = tbody;
      tbody.firstChild.firstChild.replaceChildren(...meterHeading(reading));
      const values = isObject(reading.values) ? reading.values : {};
      const units = isObject(reading.units) ? reading.units : {};
      const problems = isObject(reading.problems) ? reading.problems : {};
      const points = [...new Set([...Object.keys(values), ...Object.keys(problems)])].sort();
      const rows = new Map([...tbody.querySelectorAll('tr[data-point]')].map((tr) => [tr.dataset.point, tr]));
      let previousRow = tbody.firstChild;
      for (const point of points) {
        let tr = rows.get(point);
        if (!tr) {
          tr = h('tr', { 'data-point': point },
            h('th', { scope: 'row', class: 'mono' }, point),
            h('td', { class: 'num', 'data-value': '' }),
            h('td', { class: 'problem' }));
        }
        rows.delete(point);
        place(tbody, tr, previousRow);
        previousRow = tr;
        const has = Object.prototype.hasOwnProperty.call(values, point);
        const valueCell = tr.querySelector('td[data-value]');
        const raw = has ? valueText(values[point], null) : '';
        if (valueCell.getAttribute('data-value') !== raw) valueCell.setAttribute('data-value', raw);
        setText(valueCell, has ? valueText(values[point], units[point]) : '—');
        setText(tr.querySelector('td.problem'), problems[point] === undefined ? '' : show(problems[point]));
        tr.classList.toggle('has-problem', problems[point] !== undefined);
      }
      for (const stale of rows.values()) stale.remove();
    }
    for (const [name, tbody] of meterBodies) {
      if (!seen.has(name)) {
        tbody.remove();
        meterBodies.delete(name);
      }
    }
  }

  function renderPosition(data) {
    position.running(isObject(data));
    if (!isObject(data)) return;
    const status = isObject(data.status) ? data.status : {};
    const fix = isObject(data.fix) ? data.fix : null;
    const items = [];
    const add = (term, value) => items.push(h('dt', null, term), h('dd', null, value));
    if (fix && fix.mode !== 'NO_FIX') {
      add('Mode', show(fix.mode));
      add('Latitude', formatDegrees(fix.latitude));
      add('Longitude', formatDegrees(fix.longitude));
      add('Speed', formatSpeed(fix.speed));
      add('Satellites', show(fix.satellites));
      if (typeof fix.altitude === 'number') add('Altitude', `${fix.altitude.toFixed(1)} m`);
      if (typeof fix.track === 'number') add('Course', `${fix.track.toFixed(0)}°`);
      if (typeof fix.horizontalError === 'number') add('Horizontal error', `${fix.horizontalError.toFixed(1)} m`);
      add('Fix time', formatTime(fix.time));
    }
    add('Source', show(status.source || (fix && fix.source)));
    add('Receiver', status.connected ? 'connected' : 'disconnected');
    add('Fixes accepted', formatNumber(status.fixes));
    add('Rejected reports', formatNumber(status.rejected));
    if (status.lastProblem) add('Last problem', show(status.lastProblem));
    const children = [];
    if (!fix || fix.mode === 'NO_FIX') children.push(h('p', { class: 'no-fix' }, 'no fix'));
    children.push(h('dl', { class: 'facts' }, ...items));
    positionBox.replaceChildren(...children);
  }

  function renderTransit(data) {
    transit.running(isObject(data));
    if (!isObject(data)) return;
    const trip = isObject(data.trip) ? data.trip : null;
    setText(get('live-trip'), trip
      ? [trip.tripId, trip.line ? `line ${trip.line}` : null, trip.headsign ? `to ${trip.headsign}` : null]
        .filter(Boolean).join(' · ')
      : 'no trip');
    const lastStop = isObject(data.lastStop) ? data.lastStop : null;
    const stop = lastStop && isObject(lastStop.stop) ? lastStop.stop : {};
    setText(get('live-stop'), lastStop
      ? `${stop.name || stop.stopId || '—'} (stop ${show(lastStop.sequence)})`
      : '—');
    setText(get('live-doors'), data.doorsOpen ? 'open' : 'closed');
    get('live-doors').className = data.doorsOpen ? 'doors-open' : '';
    const occupancy = isObject(data.occupancy) ? data.occupancy : {};
    setText(get('live-occupancy'), show(occupancy.load));
    setText(get('live-occupancy-status'), show(occupancy.status));
    setText(get('live-occupancy-percentage'),
      typeof occupancy.percentage === 'number' ? `${occupancy.percentage} %` : 'no capacity configured');
    setText(get('live-occupancy-time'), occupancy.time ? formatTime(occupancy.time) : '—');
  }

  function renderHotspot(data) {
    hotspot.running(isObject(data));
    if (!isObject(data)) return;
    const status = isObject(data.status) ? data.status : {};
    const clients = asArray(data.clients).filter(isObject);
    setText(get('live-hotspot-clients'), typeof status.clients === 'number' ? status.clients : clients.length);
    setText(get('live-hotspot-ssid'), show(status.ssid));
    setText(get('live-hotspot-hostapd'), status.hostapdConnected ? 'connected' : 'disconnected');
    setText(get('live-hotspot-sessions-today'), formatNumber(status.sessionsToday));
    setText(get('live-hotspot-bytes-up'), formatBytes(status.bytesUpToday));
    setText(get('live-hotspot-bytes-down'), formatBytes(status.bytesDownToday));
    setText(get('live-hotspot-problem'), show(status.lastProblem));
    sessions.replaceChildren(...clients.map((client) => h('tr', { 'data-client': client.clientId },
      h('td', { class: 'mono' }, show(client.clientId)),
      h('td', { class: 'nowrap', title: client.start }, formatTime(client.start)),
      h('td', { class: 'num', title: show(client.bytesUp) }, formatBytes(client.bytesUp)),
      h('td', { class: 'num', title: show(client.bytesDown) }, formatBytes(client.bytesDown)),
      h('td', { class: 'num' }, typeof client.signalDbm === 'number' ? `${client.signalDbm} dBm` : '—'),
      h('td', null, client.termsAccepted ? 'yes' : 'no'))));
    noSessions.hidden = clients.length > 0;
  }

  const polling = poller(async () => {
    try {
      const live = await api('GET', '/api/live');
      if (!context.alive()) return;
      const data = isObject(live) ? live : {};
      renderMeters(asArray(data.meters).filter((m) => isObject(m) && m.meter !== undefined && m.meter !== null));
      renderPosition(data.position);
      renderTransit(data.transit);
      renderHotspot(data.hotspot);
      setText(get('live-updated'), new Date().toLocaleTimeString());
      setText(error, '');
    } catch (e) {
      if (context.alive()) setText(error, `Live data not available: ${messageOf(e)}`);
    }
  }, 2000);
  return () => polling.stop();
}
