// Fleet: the gateways with a filter and a map of their positions (#/gateways), and one gateway's detail
// (#/gateways/<clientId>); both refreshed every 10 s.
import { h, card, table, setText, show, formatTime, poller, isObject, asArray } from './common/lib.js';
import {
  API, enc, head, errorLine, onlineBadge, gatewayLink, stateTag, s, tip, facts, itemsTable, fetchInto, timeTd,
  countEntries, countRow, occupancyText, stopText,
} from './fleet-lib.js';

const MAP_WIDTH = 800;
const MAP_HEIGHT = 380;
const MAP_MARGIN = 24;
const MIN_SPAN = 0.005; // degrees: one gateway, or all at one place, still get a sensible scale

function hasPosition(g) {
  return Number.isFinite(g.latitude) && Number.isFinite(g.longitude) && Math.abs(g.latitude) <= 90 && Math.abs(g.longitude) <= 180;
}

function label(g) {
  return g.displayName || g.clientId;
}

/**
 * An equirectangular projection fitted to the positions' bounds with a margin: x = lon * cos(mid latitude), so
 * that distances look right near the fleet; one scale for both axes.
 */
function projection(points) {
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const midLon = (Math.min(...lons) + Math.max(...lons)) / 2;
  const k = Math.max(Math.cos((midLat * Math.PI) / 180), 0.01);
  const spanX = Math.max((Math.max(...lons) - Math.min(...lons)) * k, MIN_SPAN);
  const spanY = Math.max(Math.max(...lats) - Math.min(...lats), MIN_SPAN);
  const scale = Math.min((MAP_WIDTH - 2 * MAP_MARGIN) / spanX, (MAP_HEIGHT - 2 * MAP_MARGIN) / spanY);
  return {
    x: (lon) => MAP_WIDTH / 2 + (lon - midLon) * k * scale,
    y: (lat) => MAP_HEIGHT / 2 - (lat - midLat) * scale,
    place: (x, y) => `${(midLat - (y - MAP_HEIGHT / 2) / scale).toFixed(4)}, ${(midLon + (x - MAP_WIDTH / 2) / (k * scale)).toFixed(4)}`,
  };
}

function renderMap(svg, gateways) {
  const placed = gateways.filter(hasPosition);
  const children = [s('rect', { class: 'map-bg', width: MAP_WIDTH, height: MAP_HEIGHT })];
  const text = (x, y, anchor, value) => s('text', { class: 'axis', x, y, 'text-anchor': anchor, text: value });
  if (placed.length) {
    const p = projection(placed);
    // the corners' coordinates instead of tiles: enough to tell where the fleet is
    children.push(text(6, 14, 'start', p.place(6, 14)), text(MAP_WIDTH - 6, MAP_HEIGHT - 6, 'end', p.place(MAP_WIDTH - 6, MAP_HEIGHT - 6)));
    // offline first, so that online dots are drawn on top
    for (const g of [...placed].sort((a, b) => Number(a.online) - Number(b.online))) {
      children.push(s('a', { href: `#/gateways/${enc(g.clientId)}`, 'data-client-id': g.clientId, class: 'map-dot' },
        s('circle', { class: g.online ? 'online' : 'offline', cx: p.x(g.longitude).toFixed(1), cy: p.y(g.latitude).toFixed(1), r: 6 }),
        tip(`${label(g)} (${g.clientId}) · ${g.online ? 'online' : 'offline'}`)));
    }
  } else {
    children.push(text(MAP_WIDTH / 2, MAP_HEIGHT / 2, 'middle', 'No gateway has reported a position.'));
  }
  svg.replaceChildren(...children);
}

function listView(root, context) {
  const error = errorLine('fleet-error');
  const rows = h('tbody');
  const filter = h('input', { id: 'fleet-filter', type: 'search', placeholder: 'name, client id, model, version', autocomplete: 'off' });
  const none = h('p', { class: 'muted', id: 'fleet-none', hidden: true }, 'No gateway matches.');
  const svg = s('svg', { id: 'fleet-map', class: 'map', viewBox: `0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`, role: 'img', 'aria-label': 'Map of the gateways' });
  const [online, total, shown, unplaced] = [h('span', { id: 'fleet-online' }, '–'), h('span', { id: 'fleet-total' }, '–'),
    h('span', { id: 'fleet-shown' }), h('p', { class: 'muted', id: 'fleet-unplaced' })];
  root.append(
    head('Fleet', h('p', { class: 'muted' }, online, ' online of ', total, ' gateways', shown)),
    error,
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', null, 'Gateways'),
        h('div', { class: 'inline-field' }, h('label', { for: 'fleet-filter' }, 'Filter'), filter)),
      table({ id: 'fleet-table' }, ['Status', 'Name', 'Client id', 'Model', 'Version', 'Last seen', ['Packages', 'num']], rows), none),
    h('section', { class: 'card' }, h('h2', null, 'Map'),
      h('p', { class: 'legend' }, h('span', { class: 'key online' }), 'online ', h('span', { class: 'key offline' }), 'offline'),
      h('div', { class: 'map-wrap' }, svg), unplaced));

  function applyFilter() {
    const needle = filter.value.trim().toLowerCase();
    let count = 0;
    for (const tr of rows.children) {
      tr.hidden = needle !== '' && !tr.dataset.search.includes(needle);
      if (!tr.hidden) count += 1;
    }
    none.hidden = count > 0 || rows.children.length === 0;
    setText(shown, needle ? ` · ${count} shown` : '');
  }
  filter.addEventListener('input', applyFilter);

  function render(answer) {
    const gateways = asArray(answer.gateways).filter((g) => isObject(g) && typeof g.clientId === 'string')
      .sort((a, b) => label(a).localeCompare(label(b)));
    rows.replaceChildren(...gateways.map((g) => h('tr', {
      'data-client-id': g.clientId, 'data-online': String(Boolean(g.online)),
      'data-search': [g.displayName, g.clientId, g.modelName, g.runtimeVersion].filter(Boolean).join(' ').toLowerCase(),
    },
    h('td', { 'data-field': 'status' }, onlineBadge(g.online)),
    h('td', { 'data-field': 'name' }, gatewayLink(g.clientId, label(g))),
    h('td', { class: 'mono break', 'data-field': 'clientId' }, g.clientId),
    h('td', { 'data-field': 'model' }, show(g.modelName)),
    h('td', { 'data-field': 'version' }, show(g.runtimeVersion)),
    timeTd(g.lastSeen),
    h('td', { class: 'num', 'data-field': 'packages' }, String(asArray(g.packages).length)))));
    applyFilter();
    setText(online, String(gateways.filter((g) => g.online).length));
    setText(total, String(gateways.length));
    renderMap(svg, gateways);
    const without = gateways.length - gateways.filter(hasPosition).length;
    setText(unplaced, without ? `${without} gateway${without === 1 ? ' has' : 's have'} no position.` : '');
  }

  const polling = poller(fetchInto(context, `${API}/gateways`, error, render, 'Gateways'), 10000);
  return () => polling.stop();
}

function detailView(root, context, clientId) {
  const error = errorLine('gateway-error');
  const body = h('div', { id: 'gateway-detail', 'data-client-id': clientId });
  const title = h('span', { id: 'gateway-title' }, clientId);
  root.append(h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/gateways' }, 'Fleet')),
    head(title, h('p', { class: 'mono muted' }, clientId)), error, body);

  function render(g) {
    setText(title, label({ clientId, ...g }));
    const o = isObject(g.occupancy) ? g.occupancy : null;
    const metrics = Object.entries(isObject(g.birthMetrics) ? g.birthMetrics : {}).sort(([a], [b]) => a.localeCompare(b));
    body.replaceChildren(
      h('div', { class: 'cards' },
        card('Identity', facts({ id: 'gateway-identity' }, [
          ['Status', onlineBadge(g.online), { id: 'gateway-status' }],
          ['Client id', show(g.clientId), { id: 'gateway-client-id', class: 'mono' }],
          ['Display name', show(g.displayName)], ['Model', show(g.modelName)],
          ['Runtime version', show(g.runtimeVersion), { id: 'gateway-version' }], ['Profile', show(g.profile)],
          ['Last seen', formatTime(g.lastSeen), { id: 'gateway-last-seen' }], ['Last birth', formatTime(g.lastBirth)],
          ['Position', hasPosition(g) ? `${g.latitude.toFixed(5)}, ${g.longitude.toFixed(5)}` : show(null), { id: 'gateway-position' }]])),
        card('Live occupancy', o ? facts({ id: 'gateway-occupancy' }, [
          ['Passengers on board', show(o.load), { class: 'big', 'data-field': 'load' }],
          ['Occupancy', occupancyText(o)],
          ['Doors', o.doorsOpen ? 'open' : 'closed', { class: o.doorsOpen ? 'doors-open' : null }],
          ['Line · trip', [o.line, o.tripId].filter(Boolean).join(' · ') || show(null)],
          ['Stop', stopText(o)], ['At', formatTime(o.at)]])
          : h('p', { class: 'muted', id: 'gateway-occupancy' }, 'No occupancy reported.')),
        card('Rejected messages', itemsTable({ id: 'gateway-rejected' }, ['Reason', ['Messages', 'num']],
          countEntries(g.rejected), countRow, 'None.'))),
      card('Jobs', itemsTable({ id: 'gateway-jobs' }, ['Rollout', 'Kind', 'State', 'Message', 'Updated'],
        asArray(g.jobs).filter(isObject), (j) => h('tr', { 'data-rollout-id': j.rolloutId, 'data-state': j.state },
          h('td', null, h('a', { href: `#/operations/${enc(j.rolloutId)}` }, show(j.rolloutId))),
          h('td', null, show(j.kind)), h('td', null, stateTag(j.state)), h('td', { class: 'break' }, show(j.message)),
          timeTd(j.updated)), 'No job yet.')),
      h('div', { class: 'cards' },
        card('Packages', itemsTable({ id: 'gateway-packages' }, ['Name', 'Version'], asArray(g.packages).filter(isObject),
          (p) => h('tr', { 'data-package': p.name }, h('td', { class: 'mono break' }, show(p.name)), h('td', null, show(p.version))),
          'None reported.')),
        card('Birth metrics', itemsTable({ id: 'gateway-metrics' }, ['Metric', 'Value'], metrics,
          ([key, value]) => h('tr', { 'data-metric': key }, h('th', { scope: 'row', class: 'mono' }, key),
            h('td', { class: 'break' }, show(value))), 'No birth received.'))));
  }

  const polling = poller(fetchInto(context, `${API}/gateways/${enc(clientId)}`, error, render), 10000);
  return () => polling.stop();
}

export function mount(root, context) {
  return context.arg ? detailView(root, context, context.arg) : listView(root, context);
}
