/*
 * Switchboard browser client, served at /api/client.js. The data API, the mesh and the bus actions of
 * docs/protocol.md (switchboard.v1) with the same shape as the Java client: every operation returns a Promise,
 * a failure is an Error with the server's `code`. The client reconnects by itself with back-off
 * and restores its subscriptions; events published while it was away are missed, and the
 * 'reconnected' connection event says so.
 *
 *   <script src="http://host:8080/api/client.js"></script>
 *   const client = await Switchboard.connect();            // the runtime that served this script
 *   // with the security feature: Switchboard.connect({username: 'ann', password: '…'})
 *   const sub = await client.on('/devices/**', {}, event => console.log(event.path, event.data));
 *   await client.set('/devices/t1', {temp: 21});
 *   // the mesh: call a component's method, hear its events, follow what runs
 *   const reading = await client.call('deviceManager', 'update', [{deviceId: 't1', value: 99}], {range: '^1.0.0'});
 *   const alerts = await client.onEvent('deviceManager', 'alert', {range: '^1.0.0'}, event => console.log(event.data));
 *   const components = await client.onDescriptionChange(components => console.log(components));
 *   // the bus: publish to a topic, consume it in a group with acks, request and reply
 *   await client.busPublish('orders', {id: 7}, {priority: 9});
 *   await client.busSubscribe('orders', {group: 'billing'}, message => client.busAck(message));
 *   await client.busPublishAll('orders', [{id: 8}, {id: 9}]);  // one request; busAckAll(messages) likewise
 */
(function (global) {
  'use strict';

  var SUBPROTOCOL = 'switchboard.v1';
  var DESCRIPTION_CHANNEL = 'mesh.description';
  var script = typeof document !== 'undefined' ? document.currentScript : null;
  var defaultUrl = script && script.src ? script.src.replace(/^http/, 'ws').replace(/\/api\/client\.js.*$/, '/api/ws') : null;

  function coded(code, message) {
    var error = new Error(message);
    error.code = code;
    return error;
  }

  /** Forgets a subscription of this client and asks the server to end it with `action`; false if it is not one. */
  function unsubscribe(client, subscription, action) {
    var index = client.subscriptions.indexOf(subscription);
    if (index < 0) {
      return Promise.resolve(false);
    }
    client.subscriptions.splice(index, 1);
    subscription.active = false;
    delete client.byServerId[subscription.currentId];
    return client.request(action, {subscription: subscription.currentId});
  }

  function Client(options) {
    this.options = {
      url: options.url || defaultUrl,
      name: options.name || 'browser-client',
      requestTimeout: options.requestTimeout || 30000,
      reconnectMin: options.reconnectMin || 100,
      reconnectMax: options.reconnectMax || 5000,
      username: options.username || null,   // with the security feature: log in after each handshake
      password: options.password || null
    };
    this.token = null;
    if (!this.options.url) {
      throw coded('client.no-url', 'no url given and the script was not loaded from a Switchboard runtime');
    }
    this.state = 'connecting';
    this.sessionId = null;
    this.nextId = 0;
    this.pending = {};          // request id -> {resolve, reject, timer}
    this.byServerId = {};       // server subscription id -> subscription
    this.early = {};            // server subscription id -> events that came before its id was known
    this.subscriptions = [];    // live data and event subscriptions, restored after a reconnect
    this.describers = [];       // description-change listeners; the watch is restored after a reconnect
    this.listeners = [];
    this.delay = this.options.reconnectMin;
    this.socket = null;
  }

  // --- connection

  Client.prototype.attach = function () {
    var self = this;
    return new Promise(function (resolve, reject) {
      var socket;
      try {
        socket = new WebSocket(self.options.url, SUBPROTOCOL);
      } catch (e) {
        reject(coded('client.connect-failed', String(e)));
        return;
      }
      var opened = false;
      socket.onopen = function () {
        opened = true;
        self.socket = socket;
        self.send(socket, 'handshake', {client: self.options.name}).then(function (welcome) {
          self.sessionId = welcome.session;
          return self.logIn(socket);
        }).then(function () { resolve(self.sessionId); }, reject);
      };
      socket.onmessage = function (message) { self.received(message.data); };
      socket.onclose = function (close) {
        if (!opened) {
          reject(coded('client.connect-failed', 'cannot connect to ' + self.options.url + ' (' + close.code + ')'));
        }
        self.lost(socket, 'closed (' + close.code + (close.reason ? ' ' + close.reason : '') + ')');
      };
    });
  };

  // Logs a new connection in: with the last token when there is one (a reconnect needs no password), else the credentials.
  Client.prototype.logIn = function (socket) {
    var self = this;
    if (!this.options.username && !this.token) {
      return Promise.resolve(false);
    }
    var byPassword = function () {
      return self.send(socket, 'login', {username: self.options.username, password: self.options.password});
    };
    var attempt = this.token ? this.send(socket, 'login', {token: this.token}).catch(function (error) {
      if (!self.options.username) { throw error; }
      self.token = null;
      return byPassword();
    }) : byPassword();
    return attempt.then(function (result) {
      self.token = result.token;
      return true;
    });
  };

  Client.prototype.lost = function (socket, why) {
    if (socket !== this.socket) {
      return; // an old connection's late report
    }
    this.failPending('client.disconnected', 'the connection was lost: ' + why);
    if (this.state !== 'open') {
      return; // the attempt in progress decides what comes next
    }
    this.state = 'reconnecting';
    this.byServerId = {};
    this.early = {};
    this.emit('disconnected', why);
    this.scheduleReconnect();
  };

  Client.prototype.scheduleReconnect = function () {
    var self = this;
    if (this.state === 'closed') {
      return;
    }
    var wait = this.delay + Math.floor(Math.random() * Math.max(1, this.delay / 5));
    this.delay = Math.min(this.delay * 2, this.options.reconnectMax);
    setTimeout(function () { self.reconnect(); }, wait);
  };

  Client.prototype.reconnect = function () {
    var self = this;
    if (this.state === 'closed') {
      return;
    }
    this.attach().then(function () {
      return Promise.all(self.subscriptions.map(function (subscription) { return self.subscribe(subscription); }));
    }).then(function () {
      return self.rewatch();
    }).then(function () {
      self.delay = self.options.reconnectMin;
      self.state = 'open';
      self.emit('reconnected', 'session ' + self.sessionId + '; ' + self.subscriptions.length
        + ' subscriptions restored; events published while disconnected were missed');
    }, function () {
      if (self.socket) {
        self.socket.close();
      }
      self.byServerId = {};
      self.early = {};
      self.scheduleReconnect();
    });
  };

  Client.prototype.emit = function (type, detail) {
    var event = {type: type, detail: detail};
    this.listeners.forEach(function (listener) {
      try { listener(event); } catch (e) { setTimeout(function () { throw e; }); }
    });
  };

  // --- messages

  Client.prototype.received = function (text) {
    var message;
    try {
      message = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (message.publication === DESCRIPTION_CHANNEL) {
      this.described(message.event.components);
      return;
    }
    if (message.publication !== undefined) {
      var subscription = this.byServerId[message.publication];
      if (subscription) {
        this.deliver(subscription, message.event);
      } else {
        (this.early[message.publication] = this.early[message.publication] || []).push(message.event);
      }
      return;
    }
    var waiting = this.pending[message.id];
    if (!waiting) {
      return;
    }
    delete this.pending[message.id];
    clearTimeout(waiting.timer);
    if (message.ok) {
      waiting.resolve(message.result);
    } else {
      waiting.reject(coded(message.error.code, message.error.message));
    }
  };

  Client.prototype.deliver = function (subscription, event) {
    if (subscription.active) {
      try { subscription.handler(event); } catch (e) { setTimeout(function () { throw e; }); }
    }
  };

  Client.prototype.described = function (components) {
    this.describers.forEach(function (listener) {
      try { listener(components); } catch (e) { setTimeout(function () { throw e; }); }
    });
  };

  // After a reconnect: watch again, and tell the listeners what runs now (it may have changed meanwhile).
  Client.prototype.rewatch = function () {
    var self = this;
    if (this.describers.length === 0) {
      return Promise.resolve(false);
    }
    return this.send(this.socket, 'describe', {watch: true}).then(function (result) {
      self.described(result.components);
      return true;
    });
  };

  Client.prototype.send = function (socket, action, params, timeoutMillis) {
    var self = this;
    var wait = timeoutMillis || this.options.requestTimeout;
    var id = ++this.nextId;
    var frame = Object.assign({}, params, {id: id, action: action});
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        if (self.pending[id]) {
          delete self.pending[id];
          reject(coded('client.timeout', action + ' got no answer within ' + wait + ' ms'));
        }
      }, wait);
      self.pending[id] = {resolve: resolve, reject: reject, timer: timer};
      socket.send(JSON.stringify(frame));
    });
  };

  Client.prototype.request = function (action, params, timeoutMillis) {
    if (this.state === 'closed') {
      return Promise.reject(coded('client.closed', 'the client is closed'));
    }
    if (this.state !== 'open') {
      return Promise.reject(coded('client.disconnected', 'not connected; the client is reconnecting'));
    }
    return this.send(this.socket, action, params, timeoutMillis);
  };

  Client.prototype.failPending = function (code, message) {
    var pending = this.pending;
    this.pending = {};
    Object.keys(pending).forEach(function (id) {
      clearTimeout(pending[id].timer);
      pending[id].reject(coded(code, message));
    });
  };

  // Makes a data ('on'), event ('event.on') or bus ('bus.subscribe') subscription on the current connection.
  Client.prototype.subscribe = function (subscription) {
    var self = this;
    var made = subscription.topic !== undefined
      ? this.send(this.socket, 'bus.subscribe', {topic: subscription.topic, group: subscription.group, max: subscription.max})
      : subscription.component !== undefined
        ? this.send(this.socket, 'event.on', {component: subscription.component, event: subscription.event, options: subscription.options})
        : this.send(this.socket, 'on', {path: subscription.pattern, options: subscription.options});
    return made.then(function (result) {
      subscription.currentId = result.subscription;
      self.byServerId[result.subscription] = subscription;
      (self.early[result.subscription] || []).forEach(function (event) { self.deliver(subscription, event); });
      delete self.early[result.subscription];
      return subscription;
    });
  };

  // --- the data API (docs/protocol.md)

  Client.prototype.set = function (path, data, options) {
    return this.request('set', {path: path, data: data, options: options || {}});
  };
  Client.prototype.get = function (path) {
    return this.request('get', {path: path});
  };
  Client.prototype.find = function (pattern, query) {
    return this.request('get', {path: pattern, options: query || {}});
  };
  Client.prototype.count = function (pattern, criteria) {
    return this.request('count', {path: pattern, options: criteria ? {criteria: criteria} : {}});
  };
  Client.prototype.remove = function (pathOrPattern, options) {
    return this.request('remove', {path: pathOrPattern, options: options || {}}).then(function (r) { return r.removed; });
  };
  Client.prototype.increment = function (path, field, by) {
    return this.request('increment', {path: path, field: field, by: by === undefined ? 1 : by});
  };
  Client.prototype.publish = function (path, data, options) {
    return this.request('publish', {path: path, data: data, options: options || {}}).then(function () { return undefined; });
  };
  Client.prototype.on = function (pattern, options, handler) {
    var self = this;
    if (this.state !== 'open') {
      return this.request('on', {});
    }
    var subscription = {pattern: pattern, options: options || {}, handler: handler, active: true, currentId: null};
    return this.subscribe(subscription).then(function (subscribed) {
      self.subscriptions.push(subscribed);
      return subscribed;
    });
  };
  Client.prototype.off = function (subscription) {
    return unsubscribe(this, subscription, 'off');
  };

  // --- the mesh (docs/protocol.md, "Mesh actions")

  /** Calls a component's method; options: range, route ('preferLocal', 'roundRobin', 'sticky'), key, timeoutMillis. */
  Client.prototype.call = function (component, method, args, options) {
    var params = {component: component, method: method, args: args || []};
    if (options) {
      params.options = options;
    }
    // The server answers a mesh timeout itself; wait a little longer than that for its answer.
    var wait = options && options.timeoutMillis > this.options.requestTimeout ? options.timeoutMillis + 1000 : undefined;
    return this.request('call', params, wait);
  };
  /** Subscribes to a component's events (a name or a pattern); options: range. Resolves with a subscription that has close(). */
  Client.prototype.onEvent = function (component, event, options, handler) {
    var self = this;
    if (this.state !== 'open') {
      return this.request('event.on', {});
    }
    var subscription = {component: component, event: event, options: options || {}, handler: handler, active: true, currentId: null};
    subscription.close = function () { return self.offEvent(subscription); };
    return this.subscribe(subscription).then(function (subscribed) {
      self.subscriptions.push(subscribed);
      return subscribed;
    });
  };
  Client.prototype.offEvent = function (subscription) {
    return unsubscribe(this, subscription, 'event.off');
  };
  // --- the bus (docs/protocol.md, "Bus actions")

  /** Publishes a payload to a bus topic; options: priority, key, dedupId, delayMillis. Resolves with the message's id. */
  Client.prototype.busPublish = function (topic, payload, options) {
    return this.request('bus.publish', {topic: topic, payload: payload, options: options || {}}).then(function (r) { return r.id; });
  };
  /** Publishes and waits for a consumer's reply (options as busPublish, and timeoutMillis); resolves with the reply. */
  Client.prototype.busRequest = function (topic, payload, options) {
    var timeout = options && options.timeoutMillis;
    var wait = timeout > this.options.requestTimeout ? timeout + 1000 : undefined;
    return this.request('bus.request', {topic: topic, payload: payload, options: options || {}}, wait).then(function (r) { return r.reply; });
  };
  /**
   * Consumes a topic in a group (options: group, max unacked at once); messages arrive at the handler,
   * each acked with busAck(message). Resolves with a subscription that has close(); made again after a reconnect.
   */
  Client.prototype.busSubscribe = function (topic, options, handler) {
    var self = this;
    if (this.state !== 'open') {
      return this.request('bus.subscribe', {});
    }
    options = options || {};
    var subscription = {topic: topic, group: options.group || 'default', max: options.max || 10, active: true, currentId: null,
      handler: function (message) { if (message.id) { handler(message); } }};
    subscription.close = function () { return self.busUnsubscribe(subscription); };
    return this.subscribe(subscription).then(function (subscribed) {
      self.subscriptions.push(subscribed);
      return subscribed;
    });
  };
  Client.prototype.busUnsubscribe = function (subscription) {
    return unsubscribe(this, subscription, 'bus.unsubscribe');
  };
  Client.prototype.busAck = function (message) {
    return this.request('bus.ack', {message: message.id, group: message.group}).then(function () { return undefined; });
  };
  Client.prototype.busNack = function (message, delayMillis) {
    return this.request('bus.nack', {message: message.id, group: message.group, delayMillis: delayMillis || 0}).then(function () { return undefined; });
  };
  /**
   * Publishes several payloads to one topic in one request (options as busPublish, shared by all; no
   * dedupId: one dedup id on every message would store it once). Resolves with one result per payload,
   * in order: {id, duplicate} when stored, {error: {code, message}} when the topic refused that one
   * (bus.topic-full ...). A malformed batch is refused whole (docs/bus.md, "Batches").
   */
  Client.prototype.busPublishAll = function (topic, payloads, options) {
    options = options || {};
    if (options.dedupId !== undefined && options.dedupId !== null) {
      return Promise.reject(coded('bus.invalid-parameter',
          'a dedup id on every message of a batch would store it once; publish with a dedup id one by one'));
    }
    var entries = payloads.map(function (payload) { return {payload: payload, options: options}; });
    return this.request('bus.publish', {topic: topic, messages: entries}).then(function (r) { return r.messages; });
  };
  /**
   * Acks several messages as received (from busSubscribe), one request per topic and group among them
   * (a batch names one topic's ids). Resolves with one result per message, in order: {id, acked: true},
   * or {id, error: {code, message}} for one refused alone (bus.already-acked, bus.not-leaseholder ...).
   */
  Client.prototype.busAckAll = function (messages) {
    var self = this;
    var batches = {};
    var order = [];
    messages.forEach(function (message, index) {
      var key = JSON.stringify([message.topic, message.group]);
      if (!batches[key]) {
        batches[key] = {group: message.group, indexes: []};
        order.push(key);
      }
      batches[key].indexes.push(index);
    });
    var results = new Array(messages.length);
    return Promise.all(order.map(function (key) {
      var batch = batches[key];
      var ids = batch.indexes.map(function (index) { return messages[index].id; });
      return self.request('bus.ack', {messages: ids, group: batch.group}).then(function (r) {
        r.messages.forEach(function (result, k) { results[batch.indexes[k]] = result; });
      });
    })).then(function () { return results; });
  };
  Client.prototype.busReply = function (message, reply) {
    return this.request('bus.reply', {message: message.id, payload: reply}).then(function () { return undefined; });
  };

  /** The components of the runtime's node (as GET /api/mesh/description lists them). */
  Client.prototype.describe = function () {
    return this.request('describe', {}).then(function (result) { return result.components; });
  };
  /** Tells the listener the components each time they change, also after a reconnect; resolves with them now. */
  Client.prototype.onDescriptionChange = function (listener) {
    this.describers.push(listener);
    return this.request('describe', {watch: true}).then(function (result) { return result.components; });
  };

  Client.prototype.onConnectionEvent = function (listener) {
    this.listeners.push(listener);
  };
  Client.prototype.close = function () {
    if (this.state === 'closed') {
      return;
    }
    this.state = 'closed';
    this.failPending('client.closed', 'the client was closed');
    if (this.socket) {
      this.socket.close(1000, 'client closed');
    }
    this.emit('closed', 'closed by the application');
  };

  global.Switchboard = {
    /** Connects; resolves once the first connection is up and the handshake done. */
    connect: function (options) {
      var client = new Client(options || {});
      return client.attach().then(function (session) {
        client.state = 'open';
        client.emit('connected', 'session ' + session);
        return client;
      }, function (error) {
        client.state = 'closed';
        if (client.socket) {
          client.socket.close();
        }
        throw error.code ? error : coded('client.connect-failed', String(error));
      });
    }
  };
})(typeof window !== 'undefined' ? window : this);
