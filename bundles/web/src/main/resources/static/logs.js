// Logs: the gateway's recent log entries at a chosen level, followed every 2 s (newest at the bottom).
import { api, h, setText, show, formatClock, poller, messageOf, isObject, asArray } from './common/lib.js';

const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG'];
const MAX_LINES = 2000;
const FIRST_LIMIT = 200;
const BOTTOM_SLACK_PX = 24;

export function mount(root, context) {
  const level = h('select', { id: 'log-level', name: 'level', value: 'INFO' },
    ...LEVELS.map((name) => h('option', { value: name }, name)));
  const clear = h('button', { type: 'button', class: 'secondary', id: 'log-clear' }, 'Clear view');
  const status = h('span', { class: 'muted', id: 'log-status', role: 'status' });
  const error = h('p', { id: 'log-error', class: 'error', role: 'alert' });
  const lines = h('tbody');
  const table = h('table', { id: 'log-lines', class: 'log' }, lines);
  const scroller = h('div', { class: 'log-scroll', tabindex: 0, role: 'region', 'aria-label': 'Log lines' }, table);
  root.append(
    h('div', { class: 'view-head' }, h('h1', null, 'Logs')),
    h('div', { class: 'toolbar' },
      h('div', { class: 'inline-field' }, h('label', { for: 'log-level' }, 'Level and above'), level),
      clear, status),
    error,
    h('div', { class: 'log-columns', 'aria-hidden': 'true' },
      h('span', null, 'Time'), h('span', null, 'Level'), h('span', null, 'Logger'), h('span', null, 'Message')),
    scroller);

  let next = null;
  let lastSeq = null;
  let generation = 0;

  function lineFor(entry) {
    const levelName = show(entry.level);
    return h('tr', { 'data-seq': entry.seq, 'data-level': levelName, class: `level-${levelName}` },
      h('td', { class: 'time nowrap', title: typeof entry.time === 'string' ? entry.time : null }, formatClock(entry.time, true)),
      h('td', { class: 'level' }, levelName),
      h('td', { class: 'logger break' }, show(entry.logger)),
      h('td', { class: 'message' }, entry.message === null || entry.message === undefined ? '' : String(entry.message)));
  }

  async function load() {
    const asked = generation;
    const query = next === null
      ? `limit=${FIRST_LIMIT}&level=${encodeURIComponent(level.value)}`
      : `after=${encodeURIComponent(next)}&level=${encodeURIComponent(level.value)}`;
    try {
      const answer = await api('GET', `/api/logs?${query}`);
      if (!context.alive() || asked !== generation) return;
      const entries = asArray(isObject(answer) ? answer.entries : null).filter(isObject)
        .filter((entry) => lastSeq === null || typeof entry.seq !== 'number' || entry.seq > lastSeq);
      const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= BOTTOM_SLACK_PX;
      if (entries.length) {
        lines.append(...entries.map(lineFor));
        const newest = entries[entries.length - 1].seq;
        if (typeof newest === 'number') lastSeq = newest;
      }
      while (lines.childElementCount > MAX_LINES) lines.firstElementChild.remove();
      if (atBottom) scroller.scrollTop = scroller.scrollHeight;
      if (isObject(answer) && answer.next !== undefined && answer.next !== null) next = answer.next;
      else if (lastSeq !== null) next = lastSeq;
      setText(status, `${lines.childElementCount} lines · updated ${new Date().toLocaleTimeString()}`);
      setText(error, '');
    } catch (e) {
      if (context.alive() && asked === generation) setText(error, `Logs not available: ${messageOf(e)}`);
    }
  }

  const polling = poller(load, 2000);

  level.addEventListener('change', () => {
    generation += 1;
    next = null;
    lastSeq = null;
    lines.replaceChildren();
    polling.now();
  });
  clear.addEventListener('click', () => {
    lines.replaceChildren();
    setText(status, '0 lines');
  });
  return () => polling.stop();
}
