// Home (#/home): the account, gateways online of total, the ingest counters and rejected messages by reason
// (GET /status every 10 s), and the latest rollouts.
import { api, h, card, show, formatTime, formatNumber, poller, isObject, asArray } from './common/lib.js';
import { API, enc, head, errorLine, facts, itemsTable, fetchInto, timeTd, countEntries, countRow, stateTag } from './fleet-lib.js';

const INGEST = [['received', 'Received'], ['stored', 'Stored'], ['duplicates', 'Duplicates'], ['ignored', 'Ignored'],
  ['rejected', 'Rejected'], ['queueDepth', 'Queue depth']];

/** A rollout's progress: "succeeded/jobs (n failed)". */
function progressText(counts) {
  const c = isObject(counts) ? counts : {};
  const total = Object.values(c).reduce((sum, n) => sum + (Number(n) || 0), 0);
  const failed = (Number(c.FAILED) || 0) + (Number(c.TIMED_OUT) || 0);
  return `${Number(c.SUCCEEDED) || 0}/${total}${failed ? ` (${failed} failed)` : ''}`;
}

/** The rollouts newest first as a table (also the list of the operations view). */
export function rolloutsTable(id, rollouts, limit) {
  const list = asArray(rollouts).filter(isObject).sort((a, b) => String(b.created).localeCompare(String(a.created))).slice(0, limit);
  return itemsTable({ id }, ['Id', 'Kind', 'What', 'State', ['Succeeded', 'num'], 'By', 'Created'], list,
    (r) => h('tr', { 'data-rollout-id': r.id, 'data-state': r.state },
      h('td', null, h('a', { href: `#/operations/${enc(r.id)}` }, show(r.id))),
      h('td', null, show(r.kind)), h('td', { class: 'break' }, show(r.summary)), h('td', null, stateTag(r.state)),
      h('td', { class: 'num nowrap' }, progressText(r.counts)), h('td', null, show(r.createdBy)), timeTd(r.created)),
    'No rollout yet.');
}

export function mount(root, context) {
  const error = errorLine('home-error');
  const body = h('div', { class: 'cards' });
  const rollouts = h('section', { class: 'card', id: 'home-rollouts-section', hidden: true });
  root.append(head('Home', h('p', { class: 'muted', id: 'home-updated' })), error, body, rollouts);

  function render(status) {
    const gateways = isObject(status.gateways) ? status.gateways : {};
    const ingest = isObject(status.ingest) ? status.ingest : null;
    body.replaceChildren(
      card('Fleet', facts(null, [
        ['Account', show(status.account), { id: 'home-account', class: 'mono' }],
        ['Signed in as', `${context.user} (${context.isAdmin() ? 'admin' : 'operator'})`],
        ['Gateways online', formatNumber(gateways.online), { id: 'home-online', class: 'big' }],
        ['Gateways', formatNumber(gateways.total), { id: 'home-total' }],
        ['Server time', formatTime(status.time)]]),
      h('p', null, h('a', { href: '#/gateways' }, 'All gateways'))),
      card('Ingest', ingest ? facts({ id: 'home-ingest' }, [
        ...INGEST.map(([key, term]) => [term, formatNumber(ingest[key]), { 'data-field': key }]),
        ['Subscribed', h('span', { class: `badge ${ingest.subscribed ? 'good' : 'bad'}` }, ingest.subscribed ? 'yes' : 'no')]])
        : h('p', { class: 'muted' }, 'This console does not ingest (another instance does).')),
      card('Rejected messages', itemsTable({ id: 'home-rejected' }, ['Reason', ['Messages', 'num']],
        countEntries(status.rejected), countRow, 'No message rejected.')));
    root.querySelector('#home-updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  }

  async function loadRollouts() {
    try {
      const answer = await api('GET', `${API}/rollouts`);
      if (!context.alive()) return;
      rollouts.replaceChildren(h('h2', null, 'Latest rollouts'),
        ...rolloutsTable('home-rollouts', isObject(answer) ? answer.rollouts : null, 5),
        h('p', null, h('a', { href: '#/operations' }, 'All operations')));
      rollouts.hidden = false;
    } catch {
      rollouts.hidden = true; // not allowed for this role, or not available: home goes without
    }
  }

  const status = fetchInto(context, `${API}/status`, error, render, 'Status');
  const polling = poller(() => Promise.all([status(), loadRollouts()]), 10000);
  return () => polling.stop();
}
