// Dashboard: identity, cloud connection, queue and recent publishes (GET /api/status every 5 s).
import {
  api, h, card, table, row, setText, show, formatTime, formatDuration, formatNumber, formatBytes, poller, messageOf, isObject, asArray,
} from './common/lib.js';

const QOS_LEVELS = { AT_MOST_ONCE: '0', AT_LEAST_ONCE: '1' };

export function mount(root, context) {
  const error = h('p', { id: 'dash-error', class: 'error', role: 'alert' });
  const noCloud = h('p', { class: 'muted', hidden: true }, 'No cloud connection runs on this gateway.');
  const publishes = h('tbody');
  const noPublishes = h('p', { class: 'muted', hidden: true }, 'Nothing published since the start.');
  root.append(
    h('div', { class: 'view-head' }, h('h1', null, 'Dashboard'), h('p', { class: 'muted', id: 'dash-updated' })),
    error,
    h('div', { class: 'cards' },
      card('Gateway', h('dl', { class: 'facts' },
        row('Gateway id', 'dash-gateway-id', { class: 'mono' }),
        row('Display name', 'dash-display-name'),
        row('Profile', 'dash-profile'),
        row('Model', 'dash-model'),
        row('Serial number', 'dash-serial'),
        row('Runtime version', 'dash-version'),
        row('OSGi framework', 'dash-framework'),
        row('Started', 'dash-started'),
        row('Uptime', 'dash-uptime'))),
      card('Cloud connection', noCloud, h('dl', { class: 'facts' },
        h('dt', null, 'Status'), h('dd', null, h('span', { id: 'dash-connection', class: 'badge' })),
        row('Broker', 'dash-broker', { class: 'mono' }),
        row('Since', 'dash-since'),
        row('Last error', 'dash-last-error'),
        row('Next retry', 'dash-next-retry'))),
      card('Message queue', h('dl', { class: 'facts' },
        row('Queued messages', 'dash-queue'),
        row('Queued bytes', 'dash-queued-bytes'),
        row('Accepted', 'dash-accepted'),
        row('Delivered', 'dash-delivered'),
        row('Delivered per second', 'dash-rate'),
        row('Dropped', 'dash-dropped'),
        row('Expired', 'dash-expired'),
        row('Connects', 'dash-connects'),
        row('Connection losses', 'dash-losses'),
        row('Last error', 'dash-queue-error')))),
    card('Recent publishes',
      table({ id: 'dash-publishes' }, ['Time', 'Topic', ['Bytes', 'num'], ['QoS', 'num']], publishes),
      noPublishes));

  const get = (id) => root.querySelector(`#${id}`);
  const put = (id, value) => setText(get(id), show(value));

  function render(status) {
    const identity = isObject(status.identity) ? status.identity : {};
    put('dash-gateway-id', identity.id);
    put('dash-display-name', identity.displayName);
    put('dash-profile', identity.profile);
    put('dash-model', [identity.modelName, identity.modelId].filter(Boolean).join(' · '));
    put('dash-serial', identity.serialNumber);
    put('dash-version', identity.runtimeVersion);
    put('dash-framework', [identity.osgiFramework, identity.osgiFrameworkVersion].filter(Boolean).join(' '));
    setText(get('dash-started'), identity.started ? formatTime(identity.started) : show(null));
    setText(get('dash-uptime'), formatDuration(status.uptimeSeconds));
    if (identity.id) context.setGatewayId(identity.id);

    const cloud = isObject(status.cloud) ? status.cloud : null;
    noCloud.hidden = cloud !== null;
    const connection = get('dash-connection');
    const connected = Boolean(cloud && cloud.connected);
    setText(connection, connected ? 'connected' : 'disconnected');
    connection.className = `badge ${connected ? 'good' : 'bad'}`;
    put('dash-broker', cloud && cloud.brokerUrl);
    setText(get('dash-since'), cloud && cloud.since ? formatTime(cloud.since) : show(null));
    put('dash-last-error', cloud && cloud.lastError);
    setText(get('dash-next-retry'), cloud && cloud.nextRetry ? formatTime(cloud.nextRetry) : show(null));

    const queue = isObject(status.queue) ? status.queue : {};
    put('dash-queue', queue.queuedMessages);
    setText(get('dash-queued-bytes'), queue.queuedBytes === undefined ? show(null) : formatBytes(queue.queuedBytes));
    setText(get('dash-accepted'), formatNumber(queue.accepted));
    setText(get('dash-delivered'), formatNumber(queue.delivered));
    setText(get('dash-rate'), typeof queue.deliveredPerSecond === 'number'
      ? queue.deliveredPerSecond.toFixed(2) : show(queue.deliveredPerSecond));
    setText(get('dash-dropped'), formatNumber(queue.dropped));
    setText(get('dash-expired'), formatNumber(queue.expired));
    setText(get('dash-connects'), formatNumber(queue.connects));
    setText(get('dash-losses'), formatNumber(queue.connectionLosses));
    put('dash-queue-error', queue.lastError);

    // newest first whatever order the server keeps them in (the sort is stable for equal times)
    const recent = asArray(status.recentPublishes).filter(isObject)
      .map((message, index) => ({ message, index, time: Date.parse(message.time) || 0 }))
      .sort((a, b) => b.time - a.time || a.index - b.index)
      .map((entry) => entry.message);
    publishes.replaceChildren(...recent.map((message) => h('tr', null,
      h('td', { class: 'nowrap', title: message.time }, formatTime(message.time)),
      h('td', { class: 'mono break' }, show(message.topic)),
      h('td', { class: 'num' }, formatNumber(message.bytes)),
      h('td', { class: 'num', title: show(message.qos) }, QOS_LEVELS[message.qos] || show(message.qos)))));
    noPublishes.hidden = recent.length > 0;
    setText(get('dash-updated'), `Updated ${new Date().toLocaleTimeString()}`);
  }

  const polling = poller(async () => {
    try {
      const status = await api('GET', '/api/status');
      if (!context.alive()) return;
      render(isObject(status) ? status : {});
      setText(error, '');
    } catch (e) {
      if (context.alive()) setText(error, `Status not available: ${messageOf(e)}`);
    }
  }, 5000);
  return () => polling.stop();
}
