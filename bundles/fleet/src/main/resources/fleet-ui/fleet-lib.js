// Fleet-only helpers on top of the shared lib.js: API paths, forms with errors at the field, dates in the console's
// zone, SVG building and the axes of the charts.
import {
  api, h, table, show, messageOf, ApiError, isObject, timeCell, formatNumber,
} from './common/lib.js';

export const API = '/fleet/api';

/** An API path with its query parameters (empty values left out). */
export function apiPath(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return `${API}${path}${text ? `?${text}` : ''}`;
}

/** Puts a view's choices into the address's query without running the router (bookmarks, reloads). */
function setQuery(values) {
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== '' && v !== null && v !== undefined));
  history.replaceState(null, '', `${location.hash.split('?')[0]}?${query}`);
}

export function enc(value) {
  return encodeURIComponent(String(value));
}

// ---------------------------------------------------------------- page parts

export function head(title, ...rest) {
  return h('div', { class: 'view-head' }, h('h1', null, title), ...rest);
}

export function errorLine(id) {
  return h('p', { id, class: 'error', role: 'alert' });
}

/** A card whose heading line also holds controls. */
export function cardWith(id, title, controls, ...content) {
  return h('section', { class: 'card', id },
    h('div', { class: 'card-head' }, h('h2', null, title), controls), ...content);
}

/** A state badge (tag) coloured by the state's class; text defaults to the state. */
export function stateTag(state, attrs, text) {
  return h('span', { class: `tag state-${show(state)}`, 'data-state': state ?? '', ...(attrs || {}) }, text ?? show(state));
}

export function onlineBadge(online) {
  return h('span', { class: `badge ${online ? 'good' : 'bad'}` }, online ? 'online' : 'offline');
}

export function gatewayLink(clientId, text) {
  return h('a', { href: `#/gateways/${enc(clientId)}`, 'data-gateway-link': clientId }, show(text || clientId));
}

/** A definition list of [term, value (text or node), dd attributes] pairs. */
export function facts(attrs, pairs) {
  return h('dl', { class: 'facts', ...(attrs || {}) },
    ...pairs.filter(Boolean).flatMap(([term, value, ddAttrs]) => [h('dt', null, term), h('dd', ddAttrs || null, value)]));
}

/** A table of items (one row each by rowOf) and, when there are none, a note saying so. */
export function itemsTable(attrs, headings, items, rowOf, none) {
  return [table(attrs, headings, h('tbody', null, ...items.map(rowOf))),
    items.length ? null : h('p', { class: 'muted', 'data-none': attrs.id }, none)].filter(Boolean);
}

/** A task for poller(): GET path, then show(answer object) while the view is alive; errors go to errorElement. */
export function fetchInto(context, path, errorElement, showAnswer, what) {
  return async () => {
    try {
      const answer = await api('GET', path);
      if (!context.alive()) return;
      showAnswer(isObject(answer) ? answer : {});
      errorElement.textContent = '';
    } catch (e) {
      if (context.alive()) errorElement.textContent = `${what ? `${what} not available: ` : ''}${messageOf(e)}`;
    }
  };
}

export function timeTd(iso) {
  return timeCell('td', iso, { class: 'nowrap' });
}

export function numTd(value) {
  return h('td', { class: 'num' }, formatNumber(value));
}

/** The [reason, count] entries of a counts object, largest first. */
export function countEntries(counts) {
  return Object.entries(isObject(counts) ? counts : {}).sort((a, b) => Number(b[1]) - Number(a[1]));
}

export function countRow([key, n]) {
  return h('tr', { 'data-key': key }, h('td', { class: 'mono break' }, key), numTd(n));
}

/** "40 % · few seats available" from an occupancy's percent and GTFS-Realtime status. */
export function occupancyText(o) {
  return [o.occupancyPercent === null || o.occupancyPercent === undefined ? null : `${o.occupancyPercent} %`,
    typeof o.occupancyStatus === 'string' ? o.occupancyStatus.replaceAll('_', ' ').toLowerCase() : null]
    .filter(Boolean).join(' · ') || show(null);
}

export function stopText(o) {
  if (!o.stopId) return show(null);
  return o.stopSequence === null || o.stopSequence === undefined ? o.stopId : `${o.stopId} (#${o.stopSequence})`;
}

// ---------------------------------------------------------------- forms

/** A labelled form field around control (which carries the id), with help and an error line for that id. */
export function field(label, control, help) {
  const id = control.id;
  control.setAttribute('aria-describedby', [help ? `${id}-help` : null, `${id}-error`].filter(Boolean).join(' '));
  if (!control.name) control.name = id;
  return h('div', { class: 'field', 'data-field': id },
    h('label', { for: id }, label),
    control,
    help ? h('p', { class: 'help', id: `${id}-help` }, help) : null,
    h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': id, role: 'alert' }));
}

export function input(id, attrs) {
  return h('input', { id, type: 'text', autocomplete: 'off', spellcheck: 'false', ...(attrs || {}) });
}

export function select(id, options, attrs) {
  return h('select', { id, ...(attrs || {}) }, ...options.map(([value, label]) => h('option', { value }, label)));
}

export function clearErrors(form, general) {
  for (const element of form.querySelectorAll('[data-error-for]')) element.textContent = '';
  for (const element of form.querySelectorAll('.invalid')) {
    element.classList.remove('invalid');
    element.removeAttribute('aria-invalid');
  }
  if (general) general.textContent = '';
}

/** Marks the field with the id invalid and says why; returns its control. */
function setFieldError(form, id, problem) {
  const control = form.querySelector(`#${CSS.escape(id)}`);
  const line = form.querySelector(`[data-error-for="${CSS.escape(id)}"]`);
  if (line) line.textContent = problem;
  if (control) {
    control.classList.add('invalid');
    control.setAttribute('aria-invalid', 'true');
  }
  return control;
}

/**
 * Shows an error answer: each server field problem at its field (fieldIdOf maps the server's key, e.g.
 * "plan.batchSize", to a control id or null), the rest in the general line. Focuses the first bad field.
 */
export function showErrors(form, error, general, fieldIdOf) {
  const unplaced = [];
  let first = null;
  for (const [key, problem] of Object.entries(error instanceof ApiError ? error.fields : {})) {
    const id = fieldIdOf(key);
    const control = id && form.querySelector(`[data-error-for="${CSS.escape(id)}"]`) ? setFieldError(form, id, show(problem)) : null;
    if (control) first = first || control;
    else unplaced.push(`${key}: ${show(problem)}`);
  }
  if (general) general.textContent = [messageOf(error), ...unplaced].join(' ');
  if (first) first.focus();
}

/** Field problems found before sending: {id: problem}; shows them and tells whether there were any. */
export function showLocalErrors(form, problems, general) {
  const ids = Object.keys(problems);
  for (const id of ids) setFieldError(form, id, problems[id]);
  if (ids.length) {
    if (general) general.textContent = 'Please correct the marked fields.';
    const first = form.querySelector(`#${CSS.escape(ids[0])}`);
    if (first) first.focus();
  }
  return ids.length > 0;
}

/** Runs a form's async submit with its submit button disabled meanwhile. */
export function onSubmit(form, button, handler) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await handler();
    } finally {
      button.disabled = false;
    }
  });
}

/** A comma, space or line separated list of ids. */
export function splitIds(text) {
  return [...new Set(String(text || '').split(/[\s,;]+/).filter(Boolean))];
}

// ---------------------------------------------------------------- dates in the console's zone

function validZone(zone) {
  if (typeof zone !== 'string' || !zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined; // an unknown zone: the browser's own
  }
}

/** The parts (year, month, day, hour, minute) of an instant in the zone. */
function zoned(date, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: validZone(zone), hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(date);
  return Object.fromEntries(parts.filter((p) => p.type !== 'literal').map((p) => [p.type, p.value]));
}

/** Today's date (YYYY-MM-DD) in the zone. */
function today(zone) {
  const p = zoned(new Date(), zone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** How far the zone is ahead of UTC at the instant, in ms. */
export function zoneOffset(zone, ms) {
  const p = zoned(new Date(ms), zone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute));
  return asUtc - Math.floor(ms / 60000) * 60000;
}

/** A short date and time of an instant in the zone. */
export function formatIn(zone, ms, withDate) {
  const options = { timeZone: validZone(zone), hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (withDate) Object.assign(options, { month: '2-digit', day: '2-digit' });
  return new Intl.DateTimeFormat(undefined, options).format(new Date(ms));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A report form: fields before, From and To dates (from the address's query, default today in the console's zone),
 * fields after, Show. Submitting checks the dates and extra(problems), keeps the choices in the address (values())
 * and runs load(values); server field problems go to the field named like the query parameter.
 */
export function rangeForm(prefix, context, { before = [], after = [], values, check, load }) {
  const from = input(`${prefix}-from`, { type: 'date', value: context.params.get('from') || today(context.zone()) });
  const to = input(`${prefix}-to`, { type: 'date', value: context.params.get('to') || today(context.zone()) });
  const general = errorLine(`${prefix}-error`);
  const submit = h('button', { type: 'submit', id: `${prefix}-submit` }, 'Show');
  const form = h('form', { id: `${prefix}-form`, class: 'range-form', novalidate: true },
    ...before, field('From', from), field('To', to), ...after, h('div', { class: 'buttons' }, submit), general);
  const range = () => ({ ...values(), from: from.value, to: to.value });
  async function run() {
    clearErrors(form, general);
    const problems = check ? check() : {};
    if (!DATE.test(from.value)) problems[from.id] = 'A date (YYYY-MM-DD) is needed.';
    if (!DATE.test(to.value)) problems[to.id] = 'A date (YYYY-MM-DD) is needed.';
    else if (from.value > to.value) problems[to.id] = 'The end is before the start.';
    if (showLocalErrors(form, problems, general)) return;
    setQuery(range());
    try {
      await load(range());
    } catch (e) {
      if (context.alive()) showErrors(form, e, general, (key) => `${prefix}-${key}`);
    }
  }
  onSubmit(form, submit, run);
  return { form, general, range, run };
}

// ---------------------------------------------------------------- SVG

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element: attrs like h() (class, text), children appended. */
export function s(tag, attrs, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [key, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (key === 'text') element.textContent = v;
    else element.setAttribute(key, String(v));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

/** A tooltip for an SVG element. */
export function tip(text) {
  return s('title', { text });
}

/** About count round tick values from 0 to at least max (1, 2 or 5 times a power of ten apart). */
export function niceTicks(max, count = 5) {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw);
  const ticks = [];
  for (let value = 0; value < top + step - 1e-9; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

/** The y axis of a chart: grid lines and labels; returns the scale from values to y. */
export function yAxis(group, { left, top, width, height, ticks, unit }) {
  const max = ticks[ticks.length - 1];
  const y = (value) => top + height - (value / max) * height;
  for (const tick of ticks) {
    group.append(s('line', { class: 'grid', x1: left, x2: left + width, y1: y(tick), y2: y(tick) }),
      s('text', { class: 'axis', x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', text: tick.toLocaleString() }));
  }
  if (unit) group.append(s('text', { class: 'axis unit', x: left - 6, y: top - 8, 'text-anchor': 'end', text: unit }));
  return y;
}
