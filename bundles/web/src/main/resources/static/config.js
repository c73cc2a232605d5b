// Configuration: the components and snapshots (#/config), and a form generated from the metatype per pid
// (#/config/<pid>, #/config/<factoryPid>~<name>); a factory pid's page lists its instances and creates new ones.
import {
  api, h, card, table, setText, show, formatTime, messageOf, isObject, asArray, configHref, ApiError,
} from './common/lib.js';

const PLACEHOLDER = '********';
const UNBOUNDED = [2147483647, -2147483648];

function head(title, ...rest) {
  return h('div', { class: 'view-head' }, h('h1', null, title), ...rest);
}

function crumbs(...links) {
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
    ...links.filter(Boolean).flatMap((link, i) => (i === 0 ? [link] : [' › ', link])));
}

// ---------------------------------------------------------------- list and snapshots

function listView(root, context) {
  const error = h('p', { id: 'config-list-error', class: 'error', role: 'alert' });
  const rows = h('tbody');
  const filter = h('input', { id: 'config-filter', type: 'search', placeholder: 'name or pid', autocomplete: 'off' });
  const others = h('section', { class: 'card', hidden: true });
  const snapshotRows = h('tbody');
  const snapshotMessage = h('p', { id: 'snapshot-message', role: 'status' });
  const take = h('button', { type: 'button', id: 'snapshot-take' }, 'Take snapshot');
  root.append(
    head('Configuration', h('p', { class: 'muted' }, 'Every configurable component of this gateway. Each change is '
      + 'validated against the component\'s metatype and recorded in a snapshot.')),
    error,
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', null, 'Components'),
        h('div', { class: 'inline-field' }, h('label', { for: 'config-filter' }, 'Filter'), filter)),
      table({ id: 'components' }, ['Name', 'Pid', 'Kind', 'Stored'], rows)),
    others,
    h('section', { class: 'card', id: 'snapshots-section' },
      h('div', { class: 'card-head' }, h('h2', null, 'Snapshots'), take),
      h('p', { class: 'muted' }, 'A snapshot holds every configuration. Rolling back restores the values and factory '
        + 'instances of a snapshot (after taking a snapshot of the state before).'),
      snapshotMessage,
      table({ id: 'snapshots' }, [['Id', 'num'], 'Taken', 'Reason', ['Configurations', 'num'],
        h('span', { class: 'visually-hidden' }, 'Actions')], snapshotRows)));

  filter.addEventListener('input', () => {
    const needle = filter.value.trim().toLowerCase();
    for (const tr of rows.children) tr.hidden = needle !== '' && !tr.dataset.search.includes(needle);
  });

  async function loadComponents() {
    try {
      const [components, configurations] = await Promise.all([
        api('GET', '/api/components'), api('GET', '/api/configurations')]);
      if (!context.alive()) return;
      const stored = asArray(configurations).filter(isObject);
      const known = new Set();
      rows.replaceChildren(...asArray(components).filter((c) => isObject(c) && typeof c.pid === 'string').map((c) => {
        known.add(c.pid);
        const instances = stored.filter((s) => s.factoryPid === c.pid).length;
        const hasStored = stored.some((s) => s.pid === c.pid);
        const name = c.name || c.pid;
        return h('tr', { 'data-search': `${name} ${c.pid}`.toLowerCase() },
          h('td', null, h('a', { href: configHref(c.pid), 'data-pid': c.pid }, name),
            c.description ? h('div', { class: 'help' }, c.description) : null),
          h('td', { class: 'mono break' }, c.pid),
          h('td', null, c.factory ? h('span', { class: 'tag' }, 'factory') : 'singleton'),
          h('td', null, c.factory ? `${instances} instance${instances === 1 ? '' : 's'}`
            : (hasStored ? 'stored' : 'defaults')));
      }));
      const unknown = stored.filter((s) => typeof s.pid === 'string' && !known.has(s.pid) && !known.has(s.factoryPid));
      others.hidden = unknown.length === 0;
      others.replaceChildren(h('h2', null, 'Stored configurations without metatype'),
        h('ul', { class: 'plain' }, ...unknown.map((s) => h('li', null,
          h('a', { href: configHref(s.pid), 'data-pid': s.pid, class: 'mono' }, s.pid)))));
      filter.dispatchEvent(new Event('input'));
    } catch (e) {
      if (context.alive()) setText(error, messageOf(e));
    }
  }

  async function loadSnapshots() {
    try {
      const snapshots = asArray(await api('GET', '/api/snapshots')).filter(isObject);
      if (!context.alive()) return;
      snapshotRows.replaceChildren(...snapshots.map((s) => h('tr', { 'data-snapshot': s.id },
        h('td', { class: 'num' }, show(s.id)),
        h('td', { class: 'nowrap', title: s.taken }, formatTime(s.taken)),
        h('td', null, show(s.reason)),
        h('td', { class: 'num' }, show(s.configurations)),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary small', 'data-rollback': s.id }, 'Roll back'),
          h('a', { href: `/api/snapshots/${encodeURIComponent(s.id)}/kura.xml`, download: `snapshot-${s.id}.xml`,
            class: 'button-link small' }, 'Kura XML')))));
    } catch (e) {
      if (!context.alive()) return;
      snapshotMessage.className = 'error';
      setText(snapshotMessage, messageOf(e));
    }
  }

  take.addEventListener('click', async () => {
    take.disabled = true;
    snapshotMessage.className = '';
    setText(snapshotMessage, '');
    try {
      const snapshot = await api('POST', '/api/snapshots');
      snapshotMessage.className = 'ok';
      setText(snapshotMessage, `Snapshot ${isObject(snapshot) ? snapshot.id : ''} taken.`);
      await loadSnapshots();
    } catch (e) {
      snapshotMessage.className = 'error';
      setText(snapshotMessage, messageOf(e));
    } finally {
      take.disabled = false;
    }
  });

  snapshotRows.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-rollback]');
    if (!button) return;
    const id = button.dataset.rollback;
    if (!window.confirm(`Roll back every configuration to snapshot ${id}? A snapshot of the current state is taken first.`)) {
      return;
    }
    button.disabled = true;
    snapshotMessage.className = '';
    setText(snapshotMessage, '');
    try {
      await api('POST', `/api/snapshots/${encodeURIComponent(id)}/rollback`);
      snapshotMessage.className = 'ok';
      setText(snapshotMessage, `Rolled back to snapshot ${id}.`);
      await Promise.all([loadSnapshots(), loadComponents()]);
    } catch (e) {
      snapshotMessage.className = 'error';
      setText(snapshotMessage, messageOf(e));
    } finally {
      button.disabled = false;
    }
  });

  loadComponents();
  loadSnapshots();
  return null;
}

// ---------------------------------------------------------------- generated form

function toText(value) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(toText).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isSecret(attribute) {
  return attribute.type === 'PASSWORD' || attribute.password === true;
}

/** The value to show: the stored one, else the default (a secret's default is not prefilled). */
function valueText(attribute, properties) {
  if (isObject(properties) && Object.prototype.hasOwnProperty.call(properties, attribute.id)) {
    return toText(properties[attribute.id]);
  }
  return isSecret(attribute) ? '' : asArray(attribute.defaultValue).join(',');
}

function cardinalityHelp(cardinality) {
  if (!cardinality) return null;
  if (UNBOUNDED.includes(cardinality)) return 'Several values, comma separated.';
  return `Up to ${Math.abs(cardinality)} values, comma separated.`;
}

function fieldHelp(attribute) {
  const parts = [];
  const defaults = asArray(attribute.defaultValue).filter((d) => d !== ''); // an empty default is none
  const labels = new Map(asArray(attribute.options).filter(isObject).map((o) => [String(o.value), o.label]));
  const shown = defaults.map((d) => (labels.get(d) && labels.get(d) !== d ? `${d} (${labels.get(d)})` : d));
  if (defaults.length && !isSecret(attribute)) parts.push(`Default: ${shown.join(',')}`);
  else if (!defaults.length) parts.push('No default');
  const min = attribute.min !== null && attribute.min !== undefined && attribute.min !== '' ? attribute.min : null;
  const max = attribute.max !== null && attribute.max !== undefined && attribute.max !== '' ? attribute.max : null;
  if (min !== null || max !== null) {
    const what = ['STRING', 'PASSWORD'].includes(attribute.type) ? 'Length' : 'Range';
    if (min === null) parts.push(`${what}: at most ${max}`);
    else if (max === null) parts.push(`${what}: at least ${min}`);
    else parts.push(`${what}: ${min} to ${max}`);
  }
  const many = cardinalityHelp(attribute.cardinality);
  if (many) parts.push(many);
  if (isSecret(attribute)) parts.push(`Stored encrypted; leave ${PLACEHOLDER} to keep the stored secret`);
  return parts.join(' · ');
}

function option(value, label) {
  return h('option', { value }, label);
}

/** Makes sure a select can show the value (a stored value outside the options, or no value at all). */
function selectValue(select, value) {
  if (![...select.options].some((o) => o.value === value)) {
    select.append(option(value, value === '' ? '(not set)' : `${value} (not an option)`));
  }
  select.value = value;
}

function setFieldValue(input, value) {
  if (input.tagName === 'SELECT') selectValue(input, value);
  else input.value = value;
}

function inputFor(attribute, value, describedBy) {
  const common = { id: `field-${attribute.id}`, name: attribute.id, 'aria-describedby': describedBy };
  const single = !attribute.cardinality;
  const options = asArray(attribute.options).filter((o) => isObject(o) && o.value !== undefined && o.value !== null);
  let input;
  if (isSecret(attribute)) {
    input = h('input', { ...common, type: 'password', autocomplete: 'new-password', placeholder: 'not set' });
  } else if (single && options.length) {
    input = h('select', common, ...options.map((o) => option(String(o.value), o.label ?? String(o.value))));
  } else if (single && attribute.type === 'BOOLEAN') {
    input = h('select', common, option('true', 'true'), option('false', 'false'));
  } else {
    input = h('input', { ...common, type: 'text', autocomplete: 'off', spellcheck: 'false' });
  }
  setFieldValue(input, value);
  return input;
}

function buildFields(attributes, properties) {
  return h('div', { class: 'fields' }, ...attributes.map((attribute) => {
    const helpId = `help-${attribute.id}`;
    const errorId = `error-${attribute.id}`;
    const labelText = attribute.name || attribute.id;
    return h('div', { class: 'field', 'data-field-for': attribute.id },
      h('label', { for: `field-${attribute.id}` }, labelText,
        attribute.required ? h('span', { class: 'required' }, ' (required)') : null),
      inputFor(attribute, valueText(attribute, properties), `${helpId} ${errorId}`),
      attribute.description ? h('p', { class: 'help' }, attribute.description) : null,
      h('p', { class: 'help meta', id: helpId }, h('span', { class: 'mono' }, attribute.id), ' · ', fieldHelp(attribute)),
      h('p', { class: 'field-error', id: errorId, 'data-error-for': attribute.id, role: 'alert' }));
  }));
}

function fieldInput(form, id) {
  return form.querySelector(`#${CSS.escape(`field-${id}`)}`);
}

function collect(form, attributes) {
  const values = {};
  for (const attribute of attributes) {
    const input = fieldInput(form, attribute.id);
    if (input) values[attribute.id] = input.value;
  }
  return values;
}

function clearErrors(form, general) {
  for (const element of form.querySelectorAll('[data-error-for]')) element.textContent = '';
  for (const element of form.querySelectorAll('.invalid')) {
    element.classList.remove('invalid');
    element.removeAttribute('aria-invalid');
  }
  setText(general, '');
}

/** Server problems are keyed by attribute id, or by "pid:id" as the configuration service names them. */
function attributeOf(key, ids) {
  if (ids.has(key)) return key;
  for (let i = key.indexOf(':'); i >= 0; i = key.indexOf(':', i + 1)) {
    if (ids.has(key.slice(i + 1))) return key.slice(i + 1);
  }
  return null;
}

function markInvalid(input, errorElement, problem) {
  errorElement.textContent = problem;
  if (input) {
    input.classList.add('invalid');
    input.setAttribute('aria-invalid', 'true');
  }
}

/** Shows an error answer: each field's problem under it, the rest in the general message. */
function showErrors(form, error, attributes, general, extra) {
  const ids = new Set(attributes.map((a) => a.id));
  const unplaced = [];
  let first = null;
  for (const [key, problem] of Object.entries(error instanceof ApiError ? error.fields : {})) {
    const id = attributeOf(key, ids);
    const target = id !== null ? form.querySelector(`[data-error-for="${CSS.escape(id)}"]`) : null;
    if (target) {
      const input = fieldInput(form, id);
      markInvalid(input, target, show(problem));
      first = first || input;
    } else if (!(extra && extra(key, show(problem)))) {
      unplaced.push(`${key}: ${show(problem)}`);
    }
  }
  setText(general, [messageOf(error), ...unplaced].join(' '));
  if (first) first.focus();
}

// ---------------------------------------------------------------- pid pages

function factoryPidOf(pid) {
  const tilde = pid.indexOf('~');
  return tilde < 0 ? null : pid.slice(0, tilde);
}

/** Attributes without a metatype: one text field per stored key. */
function attributesOf(component, info) {
  if (component) return asArray(component.attributes).filter((a) => isObject(a) && typeof a.id === 'string');
  const properties = info && isObject(info.properties) ? info.properties : {};
  return Object.keys(properties).map((id) => ({ id, name: id, description: '', type: 'STRING', cardinality: 0,
    defaultValue: [], options: [], required: false, password: false }));
}

function pidView(root, context, pid) {
  const status = h('p', { class: 'muted' }, 'Loading…');
  root.append(status);
  const factoryPid = factoryPidOf(pid);
  (async () => {
    let components;
    let info = null;
    try {
      const configurationRequest = api('GET', `/api/configurations/${encodeURIComponent(pid)}`).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      });
      [components, info] = await Promise.all([api('GET', '/api/components'), configurationRequest]);
    } catch (e) {
      if (context.alive()) {
        status.className = 'error';
        setText(status, messageOf(e));
      }
      return;
    }
    if (!context.alive()) return;
    status.remove();
    components = asArray(components).filter(isObject);
    info = isObject(info) ? info : null;
    const ownerPid = factoryPid || pid;
    const component = components.find((c) => c.pid === ownerPid)
      || (info && isObject(info.component) ? info.component : null);
    if (!factoryPid && component && component.factory) {
      factoryPage(root, context, component);
    } else if (factoryPid && !info) {
      root.append(crumbs(h('a', { href: '#/config' }, 'Configuration'), h('a', { href: configHref(factoryPid) },
        component ? component.name || factoryPid : factoryPid)),
      head('No such instance'), h('p', { class: 'error', id: 'config-error', role: 'alert' },
        `There is no configuration ${pid}.`));
    } else if (!component && !info) {
      root.append(crumbs(h('a', { href: '#/config' }, 'Configuration')), head('Unknown configuration'),
        h('p', { class: 'error', id: 'config-error', role: 'alert' }, `No component has the pid ${pid}.`));
    } else {
      formPage(root, context, pid, component, info);
    }
  })();
  return null;
}

function formPage(root, context, pid, component, info) {
  const factoryPid = factoryPidOf(pid);
  const attributes = attributesOf(component, info);
  const general = h('p', { id: 'config-error', class: 'error', role: 'alert' });
  const saved = h('span', { id: 'config-saved', class: 'ok', role: 'status', hidden: true });
  const save = h('button', { type: 'submit', id: 'config-save' }, 'Save');
  const remove = factoryPid ? h('button', { type: 'button', id: 'config-delete', class: 'danger' }, 'Delete instance') : null;
  const notice = h('p', { id: 'config-notice', class: 'notice', hidden: info !== null },
    'Nothing is stored for this pid: the defaults are shown. Saving stores them.');
  const form = h('form', { id: 'config-form', 'data-pid': pid, novalidate: true },
    attributes.length ? buildFields(attributes, info ? info.properties : null)
      : h('p', { class: 'muted' }, 'This component has no settings.'),
    general,
    h('div', { class: 'buttons' }, save, saved, remove));
  const title = factoryPid ? pid.slice(factoryPid.length + 1) : (component && component.name) || pid;
  root.append(
    crumbs(h('a', { href: '#/config' }, 'Configuration'),
      factoryPid ? h('a', { href: configHref(factoryPid) }, (component && component.name) || factoryPid) : null),
    head(title, h('p', { class: 'mono muted' }, pid),
      component && component.description ? h('p', null, component.description) : null,
      component ? null : h('p', { class: 'notice' }, 'No metatype describes this pid: values are not validated.')),
    notice,
    card(null, form));

  form.addEventListener('input', () => { saved.hidden = true; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, general);
    saved.hidden = true;
    save.disabled = true;
    try {
      const answer = await api('PUT', `/api/configurations/${encodeURIComponent(pid)}`, { json: collect(form, attributes) });
      if (!context.alive()) return;
      const properties = isObject(answer) && isObject(answer.properties) ? answer.properties : {};
      for (const attribute of attributes) {
        const input = fieldInput(form, attribute.id);
        if (input) setFieldValue(input, valueText(attribute, properties));
      }
      notice.hidden = true;
      setText(saved, 'Saved');
      saved.hidden = false;
    } catch (e) {
      if (context.alive()) showErrors(form, e, attributes, general);
    } finally {
      save.disabled = false;
    }
  });

  if (remove) {
    remove.addEventListener('click', async () => {
      if (!window.confirm(`Delete the instance ${pid}? Its component stops.`)) return;
      remove.disabled = true;
      clearErrors(form, general);
      try {
        await api('DELETE', `/api/configurations/${encodeURIComponent(pid)}`);
        if (context.alive()) context.navigate(configHref(factoryPid));
      } catch (e) {
        if (context.alive()) setText(general, messageOf(e));
      } finally {
        remove.disabled = false;
      }
    });
  }
}

function factoryPage(root, context, component) {
  const factoryPid = component.pid;
  const attributes = attributesOf(component, null);
  const instances = h('tbody');
  const none = h('p', { class: 'muted', hidden: true }, 'No instances yet.');
  const listError = h('p', { class: 'error', role: 'alert' });
  const general = h('p', { id: 'config-error', class: 'error', role: 'alert' });
  const nameError = h('p', { id: 'instance-name-error', class: 'field-error', role: 'alert' });
  const nameInput = h('input', { id: 'instance-name', name: 'instance-name', type: 'text', autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': 'instance-name-help instance-name-error' });
  const create = h('button', { type: 'submit', id: 'instance-create' }, 'Create instance');
  const form = h('form', { id: 'instance-form', 'data-factory-pid': factoryPid, novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'instance-name' }, 'Instance name', h('span', { class: 'required' }, ' (required)')),
      nameInput,
      h('p', { class: 'help', id: 'instance-name-help' }, `Letters, digits, _ . and -. The instance's pid is ${factoryPid}~name.`),
      nameError),
    attributes.length ? buildFields(attributes, null) : null,
    general,
    h('div', { class: 'buttons' }, create));
  root.append(
    crumbs(h('a', { href: '#/config' }, 'Configuration')),
    head(component.name || factoryPid, h('p', { class: 'mono muted' }, factoryPid),
      component.description ? h('p', null, component.description) : null,
      h('p', { class: 'muted' }, 'A factory: each named instance is a configuration of its own.')),
    card('Instances', listError, table({ id: 'instances' }, ['Instance', 'Pid'], instances), none),
    card('New instance', form));

  (async () => {
    try {
      const all = asArray(await api('GET', '/api/configurations')).filter(isObject);
      if (!context.alive()) return;
      const mine = all.filter((c) => c.factoryPid === factoryPid && typeof c.pid === 'string');
      instances.replaceChildren(...mine.map((c) => h('tr', null,
        h('td', null, h('a', { href: configHref(c.pid), 'data-pid': c.pid },
          c.pid.startsWith(`${factoryPid}~`) ? c.pid.slice(factoryPid.length + 1) : c.pid)),
        h('td', { class: 'mono break' }, c.pid))));
      none.hidden = mine.length > 0;
    } catch (e) {
      if (context.alive()) setText(listError, messageOf(e));
    }
  })();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, general);
    nameInput.classList.remove('invalid');
    nameInput.removeAttribute('aria-invalid');
    setText(nameError, '');
    const name = nameInput.value.trim();
    create.disabled = true;
    try {
      const answer = await api('POST', `/api/configurations/${encodeURIComponent(factoryPid)}/instances`,
        { json: { name, values: collect(form, attributes) } });
      if (context.alive()) {
        context.navigate(configHref(isObject(answer) && typeof answer.pid === 'string' ? answer.pid : `${factoryPid}~${name}`));
      }
    } catch (e) {
      if (!context.alive()) return;
      showErrors(form, e, attributes, general, (key, problem) => {
        if (key !== 'name') return false;
        markInvalid(nameInput, nameError, problem);
        return true;
      });
    } finally {
      create.disabled = false;
    }
  });
}

export function mount(root, context) {
  return context.arg ? pidView(root, context, context.arg) : listView(root, context);
}
