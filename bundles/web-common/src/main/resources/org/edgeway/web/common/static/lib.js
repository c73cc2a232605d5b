// Shared by every view: the REST client, DOM building (never innerHTML: values come from devices) and formatting.

const session = { csrf: null, onUnauthorized: null };

export function setCsrf(token) {
  session.csrf = token || null;
}

/** The handler called when any request answers 401 (the session ended): the app shows the login. */
export function onUnauthorized(handler) {
  session.onUnauthorized = handler;
}

export class ApiError extends Error {
  constructor(status, message, data) {
    super(message);
    this.status = status;
    this.data = data;
  }

  /** Problems by field of a 422 answer, or an empty object. */
  get fields() {
    const fields = this.data && typeof this.data === 'object' ? this.data.fields : null;
    return fields && typeof fields === 'object' ? fields : {};
  }
}

function errorMessage(response, data) {
  if (data && typeof data === 'object' && typeof data.error === 'string' && data.error) {
    return data.error;
  }
  if (typeof data === 'string' && data.length < 300 && !data.trim().startsWith('<')) {
    return data.trim();
  }
  return `The server answered ${response.status} ${response.statusText || ''}`.trim();
}

/**
 * Calls the REST API. Returns the parsed JSON body (null when empty); throws ApiError with the server's message.
 * Options: json (a body to send as JSON), body (a raw body), headers, expect401 (a 401 is an answer, not the end
 * of the session: wrong password).
 */
export async function api(method, path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    init.body = options.body;
  }
  if (method !== 'GET' && session.csrf) {
    headers['X-CSRF-Token'] = session.csrf;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, `The server did not answer (${(e && e.message) || 'network error'}).`, null);
  }
  let data = null;
  try {
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
  } catch {
    data = null;
  }
  if (response.ok) {
    return data;
  }
  let message = errorMessage(response, data);
  const retryAfter = response.headers.get('Retry-After');
  if (response.status === 429 && retryAfter && !message.includes(retryAfter)) {
    message += ` Try again in ${retryAfter} s.`;
  }
  if (response.status === 401 && !options.expect401 && session.onUnauthorized) {
    session.onUnauthorized();
  }
  throw new ApiError(response.status, message, data);
}

/** The message of any error, for showing to the user. */
export function messageOf(error) {
  return (error && error.message) || String(error);
}

function appendChildren(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
}

/**
 * Creates an element. attrs: class, text, on<event> handlers, value (set last, after select options), any other
 * attribute (true: present, false/null: absent).
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  let value;
  for (const [key, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (key === 'class') element.className = v;
    else if (key === 'text') element.textContent = v;
    else if (key === 'value') value = v;
    else if (key.startsWith('on') && typeof v === 'function') element.addEventListener(key.slice(2), v);
    else element.setAttribute(key, v === true ? '' : String(v));
  }
  appendChildren(element, children);
  if (value !== undefined) element.value = String(value);
  return element;
}

/** Sets an element's text only when it changed (keeps selections and avoids layout work on every poll). */
export function setText(element, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (element && element.textContent !== value) element.textContent = value;
}

/** A card: a section with a heading. */
export function card(title, ...content) {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, ...content);
}

/** A table in a horizontally scrolling wrapper; a heading given as [text, class] gets that class. */
export function table(attrs, headings, ...bodies) {
  const cells = headings.map((heading) => {
    const [text, cls] = Array.isArray(heading) ? heading : [heading, null];
    return h('th', { scope: 'col', class: cls }, text);
  });
  return h('div', { class: 'table-wrap' }, h('table', attrs, h('thead', null, h('tr', null, ...cells)), ...bodies));
}

/** A definition list row pair: term and a dd with the given id. */
export function row(term, id, extra) {
  return [h('dt', null, term), h('dd', { id, ...(extra || {}) })];
}

export function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asArray(value) {
  return Array.isArray(value) ? value : [];
}

const DASH = '—';

/** Any JSON value as text; null and undefined as a dash. */
export function show(value) {
  if (value === null || value === undefined || value === '') return DASH;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function parseTime(iso) {
  if (typeof iso !== 'string' && typeof iso !== 'number') return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Date and time in the browser's locale; the ISO text if it is no time. */
export function formatTime(iso) {
  const date = parseTime(iso);
  if (!date) return show(iso);
  return date.toLocaleString(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

/** Time of day with milliseconds, for log lines. */
export function formatClock(iso, withMillis) {
  const date = parseTime(iso);
  if (!date) return show(iso);
  const text = date.toLocaleTimeString(undefined, { hour12: false });
  return withMillis ? `${text}.${String(date.getMilliseconds()).padStart(3, '0')}` : text;
}

/** A time element with the ISO value as tooltip. */
export function timeCell(tag, iso, attrs) {
  return h(tag, { ...(attrs || {}), title: typeof iso === 'string' ? iso : null }, formatTime(iso));
}

export function formatBytes(bytes) {
  const n = Number(bytes);
  if (!Number.isFinite(n)) return show(bytes);
  if (Math.abs(n) < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = -1;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(totalSeconds) {
  const s = Math.floor(Number(totalSeconds));
  if (!Number.isFinite(s) || s < 0) return show(totalSeconds);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (days > 0) return `${days} d ${hours} h ${minutes} min`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}

export function formatNumber(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString() : show(value);
}

/**
 * Runs task now and then intervalMs after each run ends (never two runs at once); now() runs it again at once.
 */
export function poller(task, intervalMs) {
  let timer = null;
  let running = false;
  let again = false;
  let stopped = false;
  async function run() {
    timer = null;
    if (stopped) return;
    running = true;
    try {
      await task();
    } catch {
      // tasks show their own errors; a failed run must not end the polling
    }
    running = false;
    if (stopped) return;
    if (again) {
      again = false;
      run();
    } else {
      timer = setTimeout(run, intervalMs);
    }
  }
  run();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    now() {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      clearTimeout(timer);
      run();
    },
  };
}

/** The pid as it appears in a route (#/config/<pid>). */
export function configHref(pid) {
  return `#/config/${encodeURIComponent(pid)}`;
}
