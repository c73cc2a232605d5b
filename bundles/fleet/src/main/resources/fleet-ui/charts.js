// SVG bar charts drawn from the data (no library, no inline styles: the colours are classes in fleet.css).
import { isObject } from './common/lib.js';
import { s, tip, niceTicks, yAxis, zoneOffset, formatIn } from './fleet-lib.js';

const TOP = 28;
const LEFT = 60;
const RIGHT = 12;
const HEIGHT = 300;

function empty(svg, width, text) {
  svg.setAttribute('viewBox', `0 0 ${width} 120`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', 120);
  svg.replaceChildren(s('text', { class: 'axis', x: width / 2, y: 60, 'text-anchor': 'middle', text }));
}

function size(svg, width, height) {
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
}

/**
 * Grouped bars: one group per category ({key, label, values: [n per series]}), series [{name, cls}]. Long category
 * lists make the chart wider (its wrapper scrolls) rather than the bars unreadable.
 */
export function groupedBars(svg, categories, series) {
  if (!categories.length) {
    empty(svg, 640, 'No data in this range.');
    return;
  }
  const bottom = 96;
  const band = Math.max(18 + 10 * series.length, Math.floor(900 / categories.length));
  const width = Math.max(640, LEFT + categories.length * band + RIGHT);
  const plotHeight = HEIGHT - TOP - bottom;
  size(svg, width, HEIGHT);
  const group = s('g');
  const ticks = niceTicks(Math.max(...categories.flatMap((c) => c.values.map(Number).filter(Number.isFinite))));
  const y = yAxis(group, { left: LEFT, top: TOP, width: width - LEFT - RIGHT, height: plotHeight, ticks });
  const barWidth = (band - 8) / series.length;
  categories.forEach((category, i) => {
    const x0 = LEFT + i * band + 4;
    const bars = s('g', { 'data-key': category.key });
    series.forEach((serie, j) => {
      const value = Number(category.values[j]) || 0;
      bars.append(s('rect', { class: `bar ${serie.cls}`, x: (x0 + j * barWidth).toFixed(1), y: y(value).toFixed(1),
        width: Math.max(barWidth - 1, 1).toFixed(1), height: (y(0) - y(value)).toFixed(1) },
      tip(`${category.label}: ${value.toLocaleString()} ${serie.name}`)));
    });
    const text = category.label.length > 16 ? `${category.label.slice(0, 15)}…` : category.label;
    const lx = x0 + (band - 8) / 2;
    const ly = TOP + plotHeight + 14;
    bars.append(s('text', { class: 'axis', x: lx, y: ly, 'text-anchor': 'end', transform: `rotate(-40 ${lx} ${ly})`, text },
      tip(category.label)));
    group.append(bars);
  });
  group.append(s('line', { class: 'axis-line', x1: LEFT, x2: width - RIGHT, y1: y(0), y2: y(0) }));
  svg.replaceChildren(group);
}

// the worst quality of an interval wins when several gateways report under one meter name
const QUALITY_RANK = ['GOOD', 'INTERPOLATED', 'PARTIAL', 'RESET', 'GAP'];
const HOUR = 3600000;
const TICK_STEPS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR, 168 * HOUR];

function rank(quality) {
  const index = QUALITY_RANK.indexOf(quality);
  return index < 0 ? 1 : index; // an unknown quality: shown, but not as good
}

/** The intervals summed per start: {start, end, kwh, quality, clients}, in time order. */
export function mergeIntervals(intervals) {
  const byStart = new Map();
  for (const interval of intervals) {
    if (!isObject(interval)) continue;
    const start = Date.parse(interval.start);
    const end = Date.parse(interval.end);
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
    const kwh = Number(interval.kwh) || 0;
    const quality = typeof interval.quality === 'string' && interval.quality ? interval.quality : 'GOOD';
    const merged = byStart.get(start);
    if (merged) {
      merged.kwh += kwh;
      merged.end = Math.max(merged.end, end);
      if (rank(quality) > rank(merged.quality)) merged.quality = quality;
      merged.clients.add(interval.clientId);
    } else {
      byStart.set(start, { start, end, kwh, quality, clients: new Set([interval.clientId]) });
    }
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/**
 * Consumption bars over time, one per interval at its place on the time axis (so a missing interval shows as a
 * hole); GAP intervals get a band over the whole height, other qualities a class of their own.
 */
export function energyChart(svg, merged, zone) {
  if (!merged.length) {
    empty(svg, 640, 'No interval in this range.');
    return;
  }
  const bottom = 46;
  const t0 = merged[0].start;
  const t1 = Math.max(...merged.map((m) => m.end));
  const plotWidth = Math.max(600, Math.min(merged.length * 6, 4000));
  const width = LEFT + plotWidth + 40; // room for the last time label
  const plotHeight = HEIGHT - TOP - bottom;
  size(svg, width, HEIGHT);
  const x = (t) => LEFT + ((t - t0) / (t1 - t0)) * plotWidth;
  const group = s('g');
  const ticks = niceTicks(Math.max(...merged.map((m) => m.kwh)));
  const y = yAxis(group, { left: LEFT, top: TOP, width: plotWidth, height: plotHeight, ticks, unit: 'kWh' });

  const step = TICK_STEPS.find((candidate) => (plotWidth * candidate) / (t1 - t0) >= 80) || TICK_STEPS[TICK_STEPS.length - 1];
  const offset = zoneOffset(zone, t0); // ticks on the zone's whole hours and midnights
  for (let t = Math.ceil((t0 + offset) / step) * step - offset; t <= t1; t += step) {
    const midnight = (t + offset) % (24 * HOUR) === 0;
    group.append(s('line', { class: 'tick', x1: x(t), x2: x(t), y1: y(0), y2: y(0) + 5 }),
      s('text', { class: 'axis', x: x(t), y: y(0) + 18, 'text-anchor': 'middle', text: formatIn(zone, t, midnight || step >= 24 * HOUR) }));
  }

  for (const m of merged) {
    const left = x(m.start);
    const barWidth = Math.max(x(m.end) - left - (plotWidth / merged.length > 3 ? 1 : 0), 0.5);
    const title = tip(`${formatIn(zone, m.start, true)}–${formatIn(zone, m.end, false)}: ${m.kwh.toLocaleString(undefined, { maximumFractionDigits: 3 })} kWh${m.quality === 'GOOD' ? '' : ` (${m.quality})`}`);
    const attrs = { 'data-start': new Date(m.start).toISOString(), 'data-quality': m.quality };
    if (m.quality === 'GAP') {
      group.append(s('rect', { ...attrs, class: 'gap-band', x: left.toFixed(2), y: TOP, width: barWidth.toFixed(2), height: plotHeight }, title));
    }
    if (m.kwh > 0 || m.quality !== 'GAP') {
      group.append(s('rect', { ...attrs, class: `bar energy q-${m.quality}`, x: left.toFixed(2), y: y(m.kwh).toFixed(2),
        width: barWidth.toFixed(2), height: Math.max(y(0) - y(m.kwh), 0).toFixed(2) }, title.cloneNode(true)));
    }
  }
  group.append(s('line', { class: 'axis-line', x1: LEFT, x2: LEFT + plotWidth, y1: y(0), y2: y(0) }));
  svg.replaceChildren(group);
}
