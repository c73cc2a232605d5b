// The console's shell: authentication (setup, login, logout, password), the header and the hash router.
import { api, h, setCsrf, onUnauthorized, messageOf, setText } from './common/lib.js';
import * as dashboard from './dashboard.js';
import * as config from './config.js';
import * as bundles from './bundles.js';
import * as live from './live.js';
import * as logs from './logs.js';

const views = { dashboard, config, bundles, live, logs };
const titles = { dashboard: 'Dashboard', config: 'Configuration', bundles: 'Bundles', live: 'Live data', logs: 'Logs' };

const auth = { passwordSet: true, user: null };
let mounted = null; // { cleanup, alive }
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

function setSignedIn(signedIn) {
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('session-actions').hidden = !signedIn;
  if (!signedIn) setText(document.getElementById('header-gateway-id'), '');
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
export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function parseRoute() {
  const path = location.hash.replace(/^#\/?/, '');
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  let arg = slash < 0 ? '' : path.slice(slash + 1);
  try {
    arg = decodeURIComponent(arg);
  } catch {
    // keep it as written
  }
  return { name, arg };
}

function route() {
  if (!auth.passwordSet) {
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
  let { name, arg } = parseRoute();
  if (!views[name]) {
    name = 'dashboard';
    arg = '';
    replaceRoute('#/dashboard');
  }
  unmount();
  setSignedIn(true);
  markNav(name);
  document.title = `${titles[name]} · edgeway`;
  const state = { alive: true, cleanup: null };
  mounted = state;
  const context = { arg, navigate, alive: () => state.alive, setGatewayId };
  try {
    state.cleanup = views[name].mount(main, context);
  } catch (e) {
    main.replaceChildren(h('p', { class: 'error' }, `This page failed: ${messageOf(e)}`));
  }
}

function showAuthView(build) {
  unmount();
  setSignedIn(false);
  markNav(null);
  mounted = { alive: true, cleanup: null };
  main.replaceChildren(build());
  const first = main.querySelector('input');
  if (first) first.focus();
}

function signedIn(answer) {
  auth.passwordSet = true;
  auth.user = (answer && answer.user) || 'admin';
  setCsrf(answer && answer.csrf);
  const target = returnTo && returnTo !== '#/login' && returnTo !== '#/setup' ? returnTo : '#/dashboard';
  returnTo = null;
  loadGatewayId();
  navigate(target);
}

function setGatewayId(id) {
  setText(document.getElementById('header-gateway-id'), id || '');
}

async function loadGatewayId() {
  try {
    const status = await api('GET', '/api/status');
    setGatewayId(status && status.identity ? status.identity.id : '');
  } catch {
    // the dashboard shows the problem; the header just stays without the id
  }
}

function field(id, label, attrs, help) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name: id, ...attrs, 'aria-describedby': help ? `${id}-help` : null }),
    help ? h('p', { class: 'help', id: `${id}-help` }, help) : null);
}

function setupView() {
  const error = h('p', { id: 'setup-error', class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'setup-submit' }, 'Set password and sign in');
  const form = h('form', { id: 'setup-form', novalidate: true },
    field('setup-token', 'Setup token', { type: 'text', autocomplete: 'off', spellcheck: 'false' }),
    field('setup-password', 'New password', { type: 'password', autocomplete: 'new-password' }, '10 to 200 characters.'),
    field('setup-password2', 'Repeat the password', { type: 'password', autocomplete: 'new-password' }),
    error,
    h('div', { class: 'buttons' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = form.querySelector('#setup-token').value.trim();
    const password = form.querySelector('#setup-password').value;
    const repeated = form.querySelector('#setup-password2').value;
    if (password !== repeated) {
      error.textContent = 'The two passwords do not match.';
      return;
    }
    error.textContent = '';
    submit.disabled = true;
    try {
      signedIn(await api('POST', '/api/auth/setup', { json: { token, password } }));
    } catch (e) {
      error.textContent = messageOf(e);
      if (e.status === 409) {
        auth.passwordSet = true;
        error.append(' ', h('a', { href: '#/login' }, 'Sign in'));
      }
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'auth-card' },
    h('h1', null, 'Set up the console'),
    h('p', null, 'This gateway has no console password yet. Prove that you may set one with the one-time setup '
      + 'token: the gateway wrote it to ', h('code', null, 'var/security/web-setup.token'),
      ' in its home directory (readable by the gateway\'s user only) and logged it once at start.'),
    form);
}

function loginView() {
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'login-submit' }, 'Sign in');
  const form = h('form', { id: 'login-form', novalidate: true },
    field('login-password', 'Password', { type: 'password', autocomplete: 'current-password' }),
    error,
    h('div', { class: 'buttons' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const password = form.querySelector('#login-password').value;
      signedIn(await api('POST', '/api/auth/login', { json: { password }, expect401: true }));
    } catch (e) {
      error.textContent = messageOf(e);
      if (e.status === 409) {
        auth.passwordSet = false;
        route();
      }
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'auth-card' },
    h('h1', null, 'Sign in'),
    h('p', { class: 'muted' }, 'The local console of this edgeway gateway.'),
    form);
}

function sessionEnded() {
  if (!auth.user) return; // several requests may fail at once: show the login once
  auth.user = null;
  setCsrf(null);
  const dialog = document.getElementById('pw-dialog');
  if (dialog.open) dialog.close();
  route();
  const error = document.getElementById('login-error');
  if (error) error.textContent = 'Your session ended. Please sign in again.';
}

async function logout() {
  try {
    await api('POST', '/api/auth/logout', { expect401: true });
  } catch {
    // signed out locally anyway; the session ends on the server by idle time
  }
  auth.user = null;
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
    message.textContent = '';
    message.className = '';
    dialog.show();
    document.getElementById('pw-current').focus();
  });
  document.getElementById('pw-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dialog.close();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    submit.disabled = true;
    try {
      await api('POST', '/api/auth/password', {
        json: { current: document.getElementById('pw-current').value, password: document.getElementById('pw-new').value },
        expect401: true,
      });
      form.reset();
      message.className = 'ok';
      message.textContent = 'Password changed. Other sessions were signed out.';
    } catch (e) {
      message.className = 'error';
      message.textContent = messageOf(e);
    } finally {
      submit.disabled = false;
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
    answer = await api('GET', '/api/auth', { expect401: true });
  } catch (e) {
    main.replaceChildren(h('section', { class: 'auth-card' },
      h('h1', null, 'The console cannot start'),
      h('p', { class: 'error', role: 'alert' }, messageOf(e)),
      h('p', null, h('a', { href: '' }, 'Reload'))));
    return;
  }
  auth.passwordSet = !answer || answer.passwordSet !== false;
  auth.user = answer && answer.user ? answer.user : null;
  setCsrf(answer && answer.csrf);
  if (auth.user) loadGatewayId();
  route();
}

start();
