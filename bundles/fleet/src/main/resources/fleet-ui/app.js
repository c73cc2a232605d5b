// The fleet console's shell: authentication (setup, login, logout, password), the header with user and role, the
// hash router. Views are modules with mount(root, context) returning an optional cleanup function.
import { api, h, setCsrf, onUnauthorized, messageOf, setText, isObject } from './common/lib.js';
import { API, field, input, clearErrors, showErrors, showLocalErrors, onSubmit } from './fleet-lib.js';
import * as home from './home.js';
import * as gateways from './gateways.js';
import * as counts from './counts.js';
import * as energy from './energy.js';
import * as operations from './operations.js';
import * as users from './users.js';

const views = { home, gateways, counts, energy, operations, users };

// what the server told about this browser's session; account and zone come from /status
const auth = { setupRequired: false, user: null, role: null, account: '', zone: '' };
let mounted = null;
let returnTo = null; // the route asked for before the login

const main = document.getElementById('view');

function unmount() {
  if (mounted) {
    mounted.alive = false;
    try {
      if (typeof mounted.cleanup === 'function') mounted.cleanup();
    } catch {
      // a view failing to clean up must not block the next one
    }
    mounted = null;
  }
  main.replaceChildren();
}

function isAdmin() {
  return auth.role === 'admin';
}

function showSession() {
  const signedIn = Boolean(auth.user);
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('session-actions').hidden = !signedIn;
  for (const link of document.querySelectorAll('#nav [data-admin]')) link.hidden = !isAdmin();
  setText(document.getElementById('header-user'), auth.user || '');
  setText(document.getElementById('header-role'), auth.role || '');
  document.getElementById('header-role').dataset.role = auth.role || '';
  setText(document.getElementById('header-account'), signedIn ? auth.account : '');
}

function markNav(name) {
  for (const link of document.querySelectorAll('a[data-nav]')) {
    if (link.dataset.nav === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function replaceRoute(hash) {
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

/** Goes to a route; runs the router even when the hash does not change. */
function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

/** #/name/arg?query: the query keeps a view's choices (e.g. a report's dates) in the address. */
function parseRoute() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?', 2);
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  let arg = slash < 0 ? '' : path.slice(slash + 1);
  try {
    arg = decodeURIComponent(arg);
  } catch {
    // keep it as written
  }
  return { name, arg, params: new URLSearchParams(query || '') };
}

function route() {
  if (auth.setupRequired) {
    replaceRoute('#/setup');
    showAuthView(setupView);
    return;
  }
  if (!auth.user) {
    const { name } = parseRoute();
    if (name && name !== 'login' && name !== 'setup') returnTo = location.hash;
    replaceRoute('#/login');
    showAuthView(loginView);
    return;
  }
  let { name, arg, params } = parseRoute();
  if (!views[name]) {
    name = 'home';
    arg = '';
    replaceRoute('#/home');
  }
  unmount();
  showSession();
  markNav(name);
  document.title = `${document.querySelector(`a[data-nav="${name}"]`).textContent} · edgeway fleet`;
  const state = { alive: true, cleanup: null };
  mounted = state;
  const context = {
    arg, params, navigate, alive: () => state.alive, isAdmin, user: auth.user, zone: () => auth.zone, account: () => auth.account,
  };
  try {
    state.cleanup = views[name].mount(main, context);
  } catch (e) {
    main.replaceChildren(h('p', { class: 'error' }, `This page failed: ${messageOf(e)}`));
  }
}

function showAuthView(build) {
  unmount();
  showSession();
  markNav(null);
  document.title = 'Sign in · edgeway fleet';
  mounted = { alive: true, cleanup: null };
  main.replaceChildren(build());
  const first = main.querySelector('input');
  if (first) first.focus();
}

async function loadAccount() {
  try {
    const status = await api('GET', `${API}/status`);
    if (isObject(status)) {
      auth.account = typeof status.account === 'string' ? status.account : '';
      auth.zone = typeof status.zone === 'string' ? status.zone : '';
    }
  } catch {
    // the home view shows the problem; the header just stays without the account
  }
  showSession();
}

async function signedIn(answer) {
  auth.setupRequired = false;
  auth.user = isObject(answer) && answer.user ? answer.user : null;
  auth.role = isObject(answer) && answer.role ? answer.role : null;
  setCsrf(isObject(answer) ? answer.csrf : null);
  const target = returnTo && returnTo !== '#/login' && returnTo !== '#/setup' ? returnTo : '#/home';
  returnTo = null;
  await loadAccount();
  navigate(target);
}

/** The control id of a server field name in the auth forms. */
function authField(prefix) {
  return (key) => ({ token: `${prefix}-token`, user: `${prefix}-user`, name: `${prefix}-user`, password: `${prefix}-password` })[key] || null;
}

function setupView() {
  const error = h('p', { id: 'setup-error', class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'setup-submit' }, 'Create administrator and sign in');
  const form = h('form', { id: 'setup-form', novalidate: true },
    field('Setup token', input('setup-token')),
    field('Administrator user name', input('setup-user', { autocomplete: 'username' })),
    field('Password', input('setup-password', { type: 'password', autocomplete: 'new-password' }), '10 to 200 characters.'),
    field('Repeat the password', input('setup-password2', { type: 'password', autocomplete: 'new-password' })),
    error,
    h('div', { class: 'buttons' }, submit));
  const value = (id) => form.querySelector(`#${id}`).value;
  onSubmit(form, submit, async () => {
    clearErrors(form, error);
    const problems = {};
    if (!value('setup-token').trim()) problems['setup-token'] = 'The setup token is needed.';
    if (!value('setup-user').trim()) problems['setup-user'] = 'A user name is needed.';
    if (!value('setup-password')) problems['setup-password'] = 'A password is needed.';
    else if (value('setup-password') !== value('setup-password2')) problems['setup-password2'] = 'The two passwords do not match.';
    if (showLocalErrors(form, problems, error)) return;
    try {
      await signedIn(await api('POST', `${API}/auth/setup`, {
        json: { token: value('setup-token').trim(), user: value('setup-user').trim(), password: value('setup-password') },
      }));
    } catch (e) {
      showErrors(form, e, error, authField('setup'));
      if (e.status === 409) {
        auth.setupRequired = false;
        error.append(' ', h('a', { href: '#/login' }, 'Sign in'));
      }
    }
  });
  return h('section', { class: 'auth-card' },
    h('h1', null, 'Set up the fleet console'),
    h('p', null, 'No user exists yet. Create the first administrator with the one-time setup token: the console wrote '
      + 'it to ', h('code', null, 'var/security/fleet-setup.token'), ' in its home directory on the console host.'),
    form);
}

function loginView() {
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'login-submit' }, 'Sign in');
  const form = h('form', { id: 'login-form', novalidate: true },
    field('User name', input('login-user', { autocomplete: 'username' })),
    field('Password', input('login-password', { type: 'password', autocomplete: 'current-password' })),
    error,
    h('div', { class: 'buttons' }, submit));
  onSubmit(form, submit, async () => {
    clearErrors(form, error);
    const user = form.querySelector('#login-user').value.trim();
    const password = form.querySelector('#login-password').value;
    if (showLocalErrors(form, {
      ...(user ? {} : { 'login-user': 'Your user name is needed.' }),
      ...(password ? {} : { 'login-password': 'Your password is needed.' }),
    }, error)) return;
    try {
      await signedIn(await api('POST', `${API}/auth/login`, { json: { user, password }, expect401: true }));
    } catch (e) {
      showErrors(form, e, error, authField('login'));
      if (e.status === 409) { // no user yet: the setup comes first
        auth.setupRequired = true;
        route();
      }
    }
  });
  return h('section', { class: 'auth-card' },
    h('h1', null, 'Sign in'),
    h('p', { class: 'muted' }, 'The fleet console of your edgeway gateways.'),
    form);
}

function sessionEnded() {
  if (!auth.user) return; // several requests may fail at once: show the login once
  auth.user = null;
  auth.role = null;
  setCsrf(null);
  const dialog = document.getElementById('pw-dialog');
  if (dialog.open) dialog.close();
  route();
  const error = document.getElementById('login-error');
  if (error) error.textContent = 'Your session ended. Please sign in again.';
}

async function logout() {
  try {
    await api('POST', `${API}/auth/logout`, { expect401: true });
  } catch {
    // signed out locally anyway; the session ends on the server by idle time
  }
  auth.user = null;
  auth.role = null;
  setCsrf(null);
  returnTo = null;
  navigate('#/login');
}

function setUpPasswordDialog() {
  const dialog = document.getElementById('pw-dialog');
  const form = document.getElementById('pw-form');
  const message = document.getElementById('pw-message');
  const submit = document.getElementById('pw-submit');
  // not modal: the header (sign out, navigation) stays usable while it is open
  document.getElementById('pw-open').addEventListener('click', () => {
    if (dialog.open) {
      dialog.close();
      return;
    }
    form.reset();
    clearErrors(form, message);
    message.className = '';
    dialog.show();
    document.getElementById('pw-current').focus();
  });
  document.getElementById('pw-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dialog.close();
  });
  onSubmit(form, submit, async () => {
    clearErrors(form, message);
    message.className = 'error';
    try {
      await api('POST', `${API}/auth/password`, {
        json: { current: document.getElementById('pw-current').value, password: document.getElementById('pw-new').value },
        expect401: true,
      });
      form.reset();
      message.className = 'ok';
      message.textContent = 'Password changed. Your other sessions were signed out.';
    } catch (e) {
      showErrors(form, e, message, (key) => ({ current: 'pw-current', password: 'pw-new' })[key] || null);
    }
  });
}

async function start() {
  onUnauthorized(sessionEnded);
  document.getElementById('logout').addEventListener('click', logout);
  setUpPasswordDialog();
  window.addEventListener('hashchange', route);
  let answer;
  try {
    answer = await api('GET', `${API}/auth`, { expect401: true });
  } catch (e) {
    main.replaceChildren(h('section', { class: 'auth-card' },
      h('h1', null, 'The fleet console cannot start'),
      h('p', { class: 'error', role: 'alert' }, messageOf(e)),
      h('p', null, h('a', { href: '' }, 'Reload'))));
    return;
  }
  answer = isObject(answer) ? answer : {};
  auth.setupRequired = answer.setupRequired === true;
  auth.user = answer.user || null;
  auth.role = answer.role || null;
  setCsrf(answer.csrf);
  if (auth.user) await loadAccount();
  route();
}

start();
