// Bundles: the framework's bundles with start/stop/uninstall, deployment packages, and uploading a bundle or
// package (a deployment job followed until it ends). Refreshed every 5 s and after every action.
import { api, h, card, table, setText, show, poller, messageOf, isObject, asArray, ApiError } from './common/lib.js';

const FIELDS = ['id', 'symbolicName', 'version', 'state', 'package'];
const JOB_POLL_MS = 1000;
const JOB_WATCH_LIMIT_MS = 30 * 60 * 1000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Header values must be Latin-1: a name with other characters is sent percent-encoded. */
function headerSafe(name) {
  return /^[\x20-\x7e]*$/.test(name) ? name : encodeURIComponent(name);
}

function describeJob(job) {
  if (!isObject(job)) return 'The gateway answered without a job.';
  const what = [job.phase ? String(job.phase).toLowerCase() : 'job', 'of', job.name || '(unnamed)', job.version || '']
    .join(' ').trim();
  let text = `${show(job.state)}: ${what}`;
  if (job.state === 'IN_PROGRESS' && typeof job.progress === 'number') text += ` (${job.progress} %)`;
  if (job.message) text += ` — ${job.message}`;
  if (job.recovered) text += ' (ended at the restart)';
  return text;
}

export function mount(root, context) {
  const error = h('p', { id: 'bundles-error', class: 'error', role: 'alert' });
  const job = h('p', { id: 'bundle-job', role: 'status' });
  const fileInput = h('input', { id: 'bundle-file', type: 'file', accept: '.jar,.zip,.dp', 'aria-describedby': 'bundle-file-help' });
  const upload = h('button', { type: 'submit', id: 'bundle-upload' }, 'Upload and install');
  const uploadForm = h('form', { id: 'bundle-upload-form', class: 'upload', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'bundle-file' }, 'Bundle or deployment package'), fileInput,
      h('p', { class: 'help', id: 'bundle-file-help' },
        'A bundle jar (.jar) or a signed deployment package (.dp, .zip). Installing runs as a deployment job: '
        + 'if its bundles do not all start, the previous state is restored.')),
    h('div', { class: 'buttons' }, upload));
  const rows = h('tbody');
  const packageRows = h('tbody');
  const noPackages = h('p', { class: 'muted', hidden: true }, 'No deployment packages are installed.');
  root.append(
    h('div', { class: 'view-head' }, h('h1', null, 'Bundles'), h('p', { class: 'muted', id: 'bundles-updated' })),
    error,
    card('Install', uploadForm, job),
    card('Bundles', table({ id: 'bundles-table' },
      [['Id', 'num'], 'Symbolic name', 'Version', 'State', 'Package', 'Actions'], rows)),
    card('Deployment packages',
      table({ id: 'packages-table' }, ['Name', 'Version', 'Signer', 'Bundles'], packageRows), noPackages));

  const rowsByKey = new Map();
  const busy = new Set();
  let refreshError = false;
  let watch = null;

  function showError(text) {
    refreshError = false;
    setText(error, text);
  }

  function updateButtons(tr, bundle) {
    const essential = bundle.essential === true;
    const state = String(bundle.state);
    const pending = busy.has(String(bundle.id));
    for (const button of tr.querySelectorAll('button[data-action]')) {
      const action = button.dataset.action;
      let disabled = pending;
      if (action === 'start') disabled ||= state === 'ACTIVE';
      if (action === 'stop') disabled ||= essential || !['ACTIVE', 'STARTING'].includes(state);
      if (action === 'uninstall') disabled ||= essential;
      button.disabled = disabled;
      button.title = essential && action !== 'start' ? 'Essential: part of the distribution' : '';
    }
  }

  function actionsFor(bundle) {
    const id = String(bundle.id);
    const button = (action, label, extra) => h('button', {
      type: 'button', class: `small ${extra || 'secondary'}`, 'data-action': action, 'data-id': id,
      'data-bsn': bundle.symbolicName, 'aria-label': `${label} ${bundle.symbolicName}`,
    }, label);
    return [
      button('start', 'Start'),
      button('stop', 'Stop'),
      bundle.package ? button('uninstall', 'Uninstall', 'danger') : null,
      bundle.essential ? h('span', { class: 'tag' }, 'essential') : null,
    ];
  }

  function renderBundles(list) {
    const seen = new Set();
    let previous = null;
    for (const bundle of list) {
      const key = `${bundle.id}|${bundle.symbolicName}`;
      seen.add(key);
      let tr = rowsByKey.get(key);
      if (!tr) {
        tr = h('tr', { 'data-bsn': bundle.symbolicName, 'data-id': bundle.id },
          ...FIELDS.map((field) => h('td', { 'data-field': field, class: field === 'id' ? 'num' : null })),
          h('td', { class: 'actions' }));
        rowsByKey.set(key, tr);
      }
      for (const field of FIELDS) {
        const value = bundle[field];
        setText(tr.querySelector(`td[data-field="${field}"]`), value === null || value === undefined ? '' : value);
      }
      tr.querySelector('td[data-field="state"]').className = `state state-${String(bundle.state)}`;
      const signature = `${Boolean(bundle.package)}|${bundle.essential === true}`;
      const actions = tr.querySelector('td.actions');
      if (actions.dataset.signature !== signature) {
        actions.dataset.signature = signature;
        actions.replaceChildren(...actionsFor(bundle).filter(Boolean));
      }
      tr.classList.toggle('essential', bundle.essential === true);
      updateButtons(tr, bundle);
      tr.bundle = bundle;
      const expectedPosition = previous ? previous.nextSibling : rows.firstChild;
      if (expectedPosition !== tr) rows.insertBefore(tr, expectedPosition);
      previous = tr;
    }
    for (const [key, tr] of rowsByKey) {
      if (!seen.has(key)) {
        tr.remove();
        rowsByKey.delete(key);
      }
    }
  }

  function renderPackages(list) {
    packageRows.replaceChildren(...list.map((p) => h('tr', { 'data-package': p.name },
      h('td', null, show(p.name)), h('td', null, show(p.version)), h('td', { class: 'break' }, show(p.signer)),
      h('td', null, h('ul', { class: 'plain' }, ...asArray(p.bundles).filter(isObject)
        .map((b) => h('li', { class: 'mono' }, `${show(b.symbolicName)} ${b.version || ''}`.trim())))))));
    noPackages.hidden = list.length > 0;
  }

  async function refresh() {
    try {
      const [bundles, packages] = await Promise.all([
        api('GET', '/api/bundles'),
        api('GET', '/api/packages').catch(() => null),
      ]);
      if (!context.alive()) return;
      renderBundles(asArray(bundles).filter(isObject));
      if (packages !== null) renderPackages(asArray(packages).filter(isObject));
      if (refreshError) showError('');
      setText(root.querySelector('#bundles-updated'), `Updated ${new Date().toLocaleTimeString()}`);
    } catch (e) {
      if (!context.alive()) return;
      setText(error, `The bundle list is not available: ${messageOf(e)}`);
      refreshError = true;
    }
  }

  const polling = poller(refresh, 5000);

  function showJob(text, kind) {
    job.className = `job ${kind || ''}`.trim();
    setText(job, text);
  }

  function jobKind(state) {
    return { COMPLETED: 'ok', ALREADY_DONE: 'ok', FAILED: 'error', CANCELLED: 'error' }[state] || 'pending';
  }

  /** Shows a job and polls GET /api/jobs/last every second until that job is no longer IN_PROGRESS. */
  async function follow(started) {
    if (watch) watch.stopped = true;
    const current = { stopped: false };
    watch = current;
    const jobId = isObject(started) ? started.jobId : undefined;
    let latest = isObject(started) ? started : null;
    if (latest) showJob(describeJob(latest), jobKind(latest.state));
    const deadline = Date.now() + JOB_WATCH_LIMIT_MS;
    while (!latest || latest.state === 'IN_PROGRESS') {
      await sleep(JOB_POLL_MS);
      if (current.stopped || !context.alive()) return;
      if (Date.now() > deadline) {
        showJob(`${describeJob(latest)} — still running; see the log.`, 'pending');
        break;
      }
      try {
        const last = await api('GET', '/api/jobs/last');
        if (current.stopped || !context.alive()) return;
        if (isObject(last) && (jobId === undefined || jobId === null || last.jobId === jobId)) {
          latest = last;
          showJob(describeJob(latest), jobKind(latest.state));
        }
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) {
          showJob(`${latest ? describeJob(latest) : 'The job'} — its status is not available: ${messageOf(e)}`, 'pending');
        }
      }
      polling.now();
    }
    if (watch === current) watch = null;
    polling.now();
  }

  uploadForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files && fileInput.files[0];
    if (!file) {
      showJob('Choose a file first.', 'error');
      fileInput.focus();
      return;
    }
    upload.disabled = true;
    showJob(`Uploading ${file.name}…`, 'pending');
    try {
      const started = await api('POST', '/api/bundles', {
        body: file,
        headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': headerSafe(file.name) },
      });
      if (!context.alive()) return;
      follow(started);
    } catch (e) {
      if (!context.alive()) return;
      showJob(e.status >= 400 && e.status < 500 ? `Upload refused (${e.status}): ${messageOf(e)}`
        : `Upload failed: ${messageOf(e)}`, 'error');
    } finally {
      upload.disabled = false;
    }
  });

  rows.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button || button.disabled) return;
    const tr = button.closest('tr');
    const bundle = tr && tr.bundle;
    if (!bundle) return;
    const id = String(bundle.id);
    const action = button.dataset.action;
    const name = bundle.symbolicName;
    if (action === 'uninstall' && !window.confirm(
      `Uninstall the package ${bundle.package} (it brought ${name})? All bundles of the package are removed.`)) {
      return;
    }
    showError('');
    busy.add(id);
    updateButtons(tr, bundle);
    try {
      if (action === 'uninstall') {
        const started = await api('DELETE', `/api/bundles/${encodeURIComponent(id)}`);
        if (context.alive()) follow(started);
      } else {
        await api('POST', `/api/bundles/${encodeURIComponent(id)}/${action}`);
      }
    } catch (e) {
      if (context.alive()) showError(`${action} ${name}: ${messageOf(e)}`);
    } finally {
      busy.delete(id);
      if (tr.bundle) updateButtons(tr, tr.bundle);
      polling.now();
    }
  });

  return () => {
    polling.stop();
    if (watch) watch.stopped = true;
  };
}
