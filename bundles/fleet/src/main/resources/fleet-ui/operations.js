// Operations (#/operations): a new staged rollout (configure, deploy, rollback), the rollouts and the gateway groups;
// one rollout's stages and jobs (#/operations/<id>), refreshed every 3 s while it runs. Changes are for admins:
// operators see the lists only (the API refuses their changes anyway).
import { api, h, card, show, formatTime, poller, messageOf, isObject, asArray } from './common/lib.js';
import {
  API, enc, head, errorLine, field, input, select, clearErrors, showErrors, showLocalErrors, onSubmit, splitIds,
  stateTag, gatewayLink, cardWith, facts, itemsTable, fetchInto, timeTd,
} from './fleet-lib.js';
import { rolloutsTable } from './home.js';

const KINDS = [['configure', 'Configure: set properties of a pid'], ['deploy', 'Deploy: install a package'],
  ['rollback', 'Roll back to a configuration snapshot']];
const JOB_STATES = ['PENDING', 'SENT', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'OFFLINE', 'CANCELLED'];
const FINISHED = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED'];

/** The rollout form's control for a server field key such as "operation.pid", "plan.batchSize" or "targets". */
const ROLLOUT_FIELDS = {
  kind: 'ro-kind', operation: 'ro-kind', pid: 'ro-pid', properties: 'ro-properties', uri: 'ro-uri', name: 'ro-name',
  version: 'ro-version', hash: 'ro-hash', snapshot: 'ro-snapshot', targets: 'ro-clients', group: 'ro-group',
  clients: 'ro-clients', plan: 'ro-canary', canary: 'ro-canary', batchSize: 'ro-batch-size', maxFailures: 'ro-max-failures',
};

function lastSegment(key) {
  return key.split('.').pop().replace(/\[\d+\]$/, '');
}

/** The innermost known part wins: "operation.properties.x" -> properties, "targets.clients[2]" -> clients. */
function rolloutField(key) {
  const known = key.split('.').map((part) => part.replace(/\[\d+\]$/, '')).reverse().find((part) => ROLLOUT_FIELDS[part]);
  return known ? ROLLOUT_FIELDS[known] : null;
}

// ---------------------------------------------------------------- groups

function groupsCard(context, onGroups) {
  const admin = context.isAdmin();
  const error = errorLine('groups-error');
  const list = h('div');
  const name = input('group-name', { maxlength: 100 });
  const clients = h('textarea', { id: 'group-clients', rows: 3, spellcheck: 'false' });
  const general = errorLine('group-form-error');
  const submit = h('button', { type: 'submit', id: 'group-submit' }, 'Save group');
  const saved = h('span', { class: 'ok', id: 'group-saved', role: 'status' });
  const form = h('form', { id: 'group-form', novalidate: true }, h('h3', null, 'Create or edit a group'),
    h('div', { class: 'fields' }, field('Group name', name),
      field('Client ids', clients, 'Comma, space or line separated. Saving replaces the group\'s list.')),
    general, h('div', { class: 'buttons' }, submit, saved));

  const load = fetchInto(context, `${API}/groups`, error, (answer) => {
    const groups = asArray(answer.groups).filter((g) => isObject(g) && typeof g.name === 'string');
    list.replaceChildren(...itemsTable({ id: 'groups-table' },
      ['Name', ['Gateways', 'num'], 'Client ids', admin ? h('span', { class: 'visually-hidden' }, 'Actions') : null].filter(Boolean),
      groups, (g) => h('tr', { 'data-group': g.name },
        h('td', null, g.name), h('td', { class: 'num' }, String(asArray(g.clients).length)),
        h('td', { class: 'mono break' }, asArray(g.clients).join(', ')),
        admin ? h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary small', 'data-edit-group': g.name, onclick: () => edit(g) }, 'Edit'),
          h('button', { type: 'button', class: 'danger small', 'data-delete-group': g.name, onclick: (e) => remove(g.name, e.target) },
            'Delete')) : null),
      'No group yet.'));
    onGroups(groups);
  });

  function edit(group) {
    name.value = group.name;
    clients.value = asArray(group.clients).join('\n');
    clearErrors(form, general);
    saved.textContent = '';
    clients.focus();
  }

  async function remove(groupName, button) {
    if (!window.confirm(`Delete the group ${groupName}? Its gateways stay.`)) return;
    button.disabled = true;
    try {
      await api('DELETE', `${API}/groups/${enc(groupName)}`);
      await load();
    } catch (e) {
      error.textContent = messageOf(e);
      button.disabled = false;
    }
  }

  onSubmit(form, submit, async () => {
    clearErrors(form, general);
    saved.textContent = '';
    const groupName = name.value.trim();
    const ids = splitIds(clients.value);
    if (showLocalErrors(form, {
      ...(groupName ? {} : { 'group-name': 'A name is needed.' }),
      ...(ids.length ? {} : { 'group-clients': 'At least one client id is needed.' }),
    }, general)) return;
    try {
      await api('PUT', `${API}/groups/${enc(groupName)}`, { json: { clients: ids } });
      saved.textContent = `Group ${groupName} saved.`;
      await load();
    } catch (e) {
      showErrors(form, e, general, (key) => ({ name: 'group-name', clients: 'group-clients' })[lastSegment(key)] || null);
    }
  });

  return { element: card('Groups', error, list, admin ? form : null), load };
}

// ---------------------------------------------------------------- new rollout

function rolloutForm(context) {
  const number = (id, min, value) => input(id, { type: 'number', min, step: 1, value, inputmode: 'numeric' });
  const kind = select('ro-kind', KINDS, { value: 'configure' });
  const pid = input('ro-pid');
  const properties = h('textarea', { id: 'ro-properties', rows: 6, spellcheck: 'false', class: 'mono', placeholder: '{"key": "value"}' });
  const [uri, name, version] = [input('ro-uri', { type: 'url', placeholder: 'https://…' }), input('ro-name'), input('ro-version')];
  const hash = input('ro-hash', { placeholder: 'SHA-256:…' });
  const snapshot = number('ro-snapshot', 0);
  const group = select('ro-group', [['', '(no group)']]);
  const clients = h('textarea', { id: 'ro-clients', rows: 2, spellcheck: 'false' });
  const [canary, batchSize, maxFailures] = [number('ro-canary', 0, 1), number('ro-batch-size', 1, 10), number('ro-max-failures', 0, 0)];
  const general = errorLine('ro-error');
  const submit = h('button', { type: 'submit', id: 'ro-submit' }, 'Start rollout');
  const parts = {
    configure: h('fieldset', null, h('legend', null, 'Configuration'),
      field('Pid', pid), field('Properties (JSON object)', properties, 'Only the properties given are changed.')),
    deploy: h('fieldset', null, h('legend', null, 'Package'),
      field('URI', uri), h('div', { class: 'fields' }, field('Name', name), field('Version', version)),
      field('Hash (optional)', hash, 'SHA-256:<64 hex digits>; the gateway checks the download against it.')),
    rollback: h('fieldset', null, h('legend', null, 'Snapshot'),
      field('Snapshot id (optional)', snapshot, 'Empty: the snapshot each gateway took before the last change.')),
  };
  const form = h('form', { id: 'rollout-form', novalidate: true },
    field('Kind', kind), ...Object.values(parts),
    h('fieldset', null, h('legend', null, 'Targets'), h('div', { class: 'fields' }, field('Group', group),
      field('Client ids', clients, 'Comma or space separated; added to the group\'s gateways.'))),
    h('fieldset', null, h('legend', null, 'Plan'), h('div', { class: 'fields plan' },
      field('Canary gateways', canary, 'The first stage; the rest waits for it.'),
      field('Batch size', batchSize, 'Gateways per following stage.'),
      field('Max failures', maxFailures, 'More failed jobs halt the rollout.'))),
    general, h('div', { class: 'buttons' }, submit));

  const showKind = () => Object.entries(parts).forEach(([key, part]) => { part.hidden = key !== kind.value; });
  kind.addEventListener('change', showKind);
  showKind();

  /** The request, or null after showing what is wrong. */
  function collect() {
    const problems = {};
    const whole = (control, min) => {
      const n = Number(control.value);
      if (control.value.trim() === '' || !Number.isInteger(n) || n < min) problems[control.id] = `A whole number, ${min} or more.`;
      return n;
    };
    let operation = { kind: kind.value };
    if (kind.value === 'configure') {
      if (!pid.value.trim()) problems['ro-pid'] = 'A pid is needed.';
      try {
        operation = { ...operation, pid: pid.value.trim(), properties: JSON.parse(properties.value) };
        if (!isObject(operation.properties)) problems['ro-properties'] = 'The properties must be a JSON object: {"key": value, …}.';
      } catch (e) {
        problems['ro-properties'] = `Not valid JSON: ${e.message}`;
      }
    } else if (kind.value === 'deploy') {
      for (const control of [uri, name, version]) if (!control.value.trim()) problems[control.id] = 'Needed.';
      operation = { ...operation, uri: uri.value.trim(), name: name.value.trim(), version: version.value.trim() };
      if (hash.value.trim()) operation.hash = hash.value.trim();
    } else if (snapshot.value.trim()) {
      operation.snapshot = whole(snapshot, 0);
    }
    const ids = splitIds(clients.value);
    const targets = { ...(group.value ? { group: group.value } : {}), ...(ids.length ? { clients: ids } : {}) };
    if (!group.value && !ids.length) problems['ro-clients'] = 'Choose a group or give client ids.';
    const plan = { canary: whole(canary, 0), batchSize: whole(batchSize, 1), maxFailures: whole(maxFailures, 0) };
    return showLocalErrors(form, problems, general) ? null : { operation, targets, plan };
  }

  onSubmit(form, submit, async () => {
    clearErrors(form, general);
    const request = collect();
    if (!request) return;
    try {
      const rollout = await api('POST', `${API}/rollouts`, { json: request });
      if (context.alive() && isObject(rollout)) context.navigate(`#/operations/${enc(rollout.id)}`);
    } catch (e) {
      if (context.alive()) showErrors(form, e, general, rolloutField);
    }
  });

  function setGroups(groups) {
    const chosen = group.value;
    group.replaceChildren(h('option', { value: '' }, '(no group)'),
      ...groups.map((g) => h('option', { value: g.name }, `${g.name} (${asArray(g.clients).length})`)));
    group.value = groups.some((g) => g.name === chosen) ? chosen : '';
  }

  return { element: card('New rollout', form), setGroups };
}

// ---------------------------------------------------------------- the rollouts and one rollout

function listView(root, context) {
  const error = errorLine('rollouts-error');
  const list = h('div');
  const form = context.isAdmin() ? rolloutForm(context) : null;
  const groups = groupsCard(context, (all) => form && form.setGroups(all));
  const updated = h('span', { class: 'muted', id: 'rollouts-updated' });
  root.append(
    head('Operations', h('p', { class: 'muted' }, 'Configuration changes, deployments and rollbacks, rolled out in stages: '
      + 'a canary first, then batches, halted when too many fail.')),
    form ? form.element : h('p', { class: 'notice', id: 'ops-read-only' }, 'Only administrators change groups and start or cancel rollouts.'),
    cardWith('rollouts-section', 'Rollouts', updated, error, list),
    groups.element);
  groups.load();
  const polling = poller(fetchInto(context, `${API}/rollouts`, error, (answer) => {
    list.replaceChildren(...rolloutsTable('rollouts-table', answer.rollouts));
    updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  }), 10000);
  return () => polling.stop();
}

function stage(number, jobs, current) {
  const count = (state) => jobs.filter((j) => j.state === state).length;
  const finished = FINISHED.reduce((sum, state) => sum + count(state), 0);
  return h('li', { 'data-stage': number, class: number === current ? 'current' : null },
    h('div', { class: 'stage-head' }, h('strong', null, `Stage ${number}`), number === current ? h('span', { class: 'tag' }, 'current') : null,
      h('progress', { max: jobs.length, value: finished, 'aria-label': `Stage ${number}: ${finished} of ${jobs.length} finished` }),
      h('span', { class: 'muted' }, `${finished} of ${jobs.length} finished`)),
    h('div', { class: 'stage-counts' }, ...JOB_STATES.filter(count).map((state) => stateTag(state, null, `${state} ${count(state)}`))));
}

function rolloutView(root, context, id) {
  const error = errorLine('rollout-error');
  const cancel = h('button', { type: 'button', id: 'rollout-cancel', class: 'danger', hidden: true }, 'Cancel rollout');
  const state = h('span', { id: 'rollout-state', class: 'tag' });
  const [summary, about, stages, jobs] = [h('p', { id: 'rollout-summary', class: 'break' }), h('div'),
    h('ol', { id: 'rollout-stages', class: 'stages' }), h('div')];
  root.append(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/operations' }, 'Operations')),
    head(`Rollout ${id}`, summary), error,
    h('div', { class: 'cards' },
      card('Rollout', h('p', null, 'State: ', state), about, context.isAdmin() ? h('div', { class: 'buttons' }, cancel) : null),
      card('Stages', stages)),
    card('Jobs', jobs));

  function render(r) {
    state.textContent = show(r.state);
    state.className = `tag state-${show(r.state)}`;
    state.dataset.state = r.state || '';
    summary.textContent = show(r.summary);
    about.replaceChildren(facts({ id: 'rollout-facts', 'data-rollout-id': id }, [
      ['Kind', show(r.kind)], ['Stage', r.stages ? `${show(r.currentStage)} of ${r.stages}` : show(null), { id: 'rollout-stage' }],
      ['Created by', show(r.createdBy)], ['Created', formatTime(r.created)], ['Updated', formatTime(r.updated)],
      ['Reason', show(r.reason), { id: 'rollout-reason' }]]));
    cancel.hidden = r.state !== 'RUNNING';
    const list = asArray(r.jobs).filter(isObject);
    const numbers = [...new Set(list.map((j) => j.stage))].sort((a, b) => Number(a) - Number(b));
    stages.replaceChildren(...numbers.map((n) => stage(n, list.filter((j) => j.stage === n), r.currentStage)));
    jobs.replaceChildren(...itemsTable({ id: 'rollout-jobs' }, ['Gateway', ['Stage', 'num'], 'State', 'Message', 'Updated'], list,
      (j) => h('tr', { 'data-client-id': j.clientId, 'data-state': j.state, 'data-stage': j.stage },
        h('td', null, gatewayLink(j.clientId)), h('td', { class: 'num' }, show(j.stage)),
        h('td', { 'data-field': 'state' }, stateTag(j.state)), h('td', { class: 'break', 'data-field': 'message' }, show(j.message)),
        timeTd(j.updated)), 'No job.'));
  }

  const load = fetchInto(context, `${API}/rollouts/${enc(id)}`, error, render);
  // refreshed while it runs: a finished rollout does not change any more
  const polling = poller(async () => {
    await load();
    if (state.dataset.state && state.dataset.state !== 'RUNNING') polling.stop();
  }, 3000);

  cancel.addEventListener('click', async () => {
    if (!window.confirm(`Cancel rollout ${id}? Jobs not started yet are cancelled.`)) return;
    cancel.disabled = true;
    try {
      const r = await api('POST', `${API}/rollouts/${enc(id)}/cancel`);
      if (context.alive() && isObject(r)) render(r);
    } catch (e) {
      if (context.alive()) error.textContent = messageOf(e);
    } finally {
      cancel.disabled = false;
    }
  });
  return () => polling.stop();
}

export function mount(root, context) {
  return context.arg ? rolloutView(root, context, context.arg) : listView(root, context);
}
