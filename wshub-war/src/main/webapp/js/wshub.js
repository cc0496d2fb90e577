// wshub.js: a dependency-free client for wshub's WebSocket endpoints, as an ES module.
//
//   import { Hub, ChatHub } from './js/wshub.js';
//   const counter = new Hub('ws/counter');
//   counter.on('value', (m) => show(m.value));
//   counter.send({ action: 'plus' });
//
// A Hub reconnects by itself (RFC 6455 7.2.3: the first attempt after a random 0-5 s, then exponential backoff
// with jitter, capped), except after 1008 or a 1000 the server sent; requests made with request() carry an id, wait
// for the server's answer and are sent again after a reconnect until answered. A ChatHub also rejoins its rooms and
// resumes each from the last seq it saw, so a page sees every room message exactly once.
//
// On a server with auth=token, give the Hub a getToken() that resolves with a JWT: it is called before every
// (re)connect, the token travels as the subprotocol 'wshub.bearer.<jwt>' next to 'wshub.v1', and before the token's
// exp the Hub calls getToken() again and sends the fresh token as a refresh. A page that holds no token gives
// getTicket() instead, resolving with a one-time ticket its server bought (POST /api/ticket); it is called before
// every (re)connect too. Either way a connection closed because its token expired is opened again.

export const State = Object.freeze({
  CONNECTING: 'connecting',
  OPEN: 'open',
  RECONNECTING: 'reconnecting',
  CLOSED: 'closed',
});

const DEFAULTS = Object.freeze({
  user: undefined,
  firstDelayMaxMs: 5000,
  maxDelayMs: 30000,
  maxPending: 256,
  maxBufferedAmount: 256 * 1024,
  maxMessageSize: 65536,
  rateLimitRetryMs: 1000,
  rateLimitRetries: 5,
  probe: true,
  getToken: undefined,
  getTicket: undefined,
  WebSocket: globalThis.WebSocket,
  base: globalThis.location?.href,
});

// Close codes after which reconnecting cannot help: the server refused this connection for what it is.
const FINAL_CLOSE_CODES = new Set([1000, 1008]);
const FLUSH_RETRY_MS = 50;
const PROTOCOL = 'wshub.v1';
const BEARER_PROTOCOL = 'wshub.bearer.';
const TOKEN_EXPIRED = 'token expired';
const MAX_REFRESH_LEAD_MS = 60000;

/** A JWT's claims, read without verifying anything (the server verifies), or undefined. */
export function tokenClaims(token) {
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return claims !== null && typeof claims === 'object' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** A JWT's exp in ms since the epoch, or undefined. */
export function tokenExpiry(token) {
  const exp = tokenClaims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

/**
 * When to refresh a token that expires at expiresAt (ms): a quarter of its remaining life early, at most a minute,
 * so that a slow getToken() and the round trip still end before the exp.
 */
export function refreshDelay(expiresAt, now = Date.now()) {
  const remaining = expiresAt - now;
  return Math.max(0, remaining - Math.min(MAX_REFRESH_LEAD_MS, remaining / 4));
}

/** The ws: or wss: URL of a path relative to base (the page), so it works under any context path. */
export function webSocketUrl(path, { base = DEFAULTS.base, user } = {}) {
  const url = new URL(path, base);
  if (url.protocol === 'https:') {
    url.protocol = 'wss:';
  } else if (url.protocol === 'http:') {
    url.protocol = 'ws:';
  }
  if (user) {
    url.searchParams.set('user', user);
  }
  return url.href;
}

/**
 * How long to wait before reconnect attempt number `attempt` (0 first): a random 0 to firstDelayMaxMs for the first,
 * as RFC 6455 asks so that clients dropped together do not return together, then half to all of a ceiling that
 * doubles each time up to maxDelayMs.
 */
export function reconnectDelay(attempt, { firstDelayMaxMs = DEFAULTS.firstDelayMaxMs,
  maxDelayMs = DEFAULTS.maxDelayMs } = {}, random = Math.random) {
  if (attempt === 0) {
    return Math.round(random() * firstDelayMaxMs);
  }
  const ceiling = Math.min(maxDelayMs, firstDelayMaxMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}

/** A request the server refused: `code` is the error code of docs/protocol.md. */
export class HubError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'HubError';
    this.code = code;
  }
}

function randomPrefix() {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const utf8 = new TextEncoder();

/** A reconnecting connection to one wshub endpoint, exchanging JSON messages (or text, with sendText). */
export class Hub {
  #url;
  #options;
  #socket = null;
  #state = State.CONNECTING;
  #handlers = new Map();
  #stateHandlers = new Set();
  #pending = new Map();
  #setup = new Map();
  #ids = 0;
  #idPrefix = randomPrefix();
  #attempt = 0;
  #reconnectTimer = null;
  #flushTimer = null;
  #refreshTimer = null;
  #closedByUs = false;
  #token = undefined;
  #nextToken = undefined;

  /** Connects to path (relative to the page, or absolute ws:/wss:). */
  constructor(path, options = {}) {
    this.#options = { ...DEFAULTS, ...options };
    this.#url = webSocketUrl(path, this.#options);
    this.#open();
  }

  /** One of State's values. */
  get state() {
    return this.#state;
  }

  get url() {
    return this.#url;
  }

  /** Requests waiting for their answer, including those to be sent again after a reconnect. */
  get pendingCount() {
    return this.#pending.size;
  }

  /**
   * Calls handler with every server message whose `type` is `type`; '*' receives every message, and 'text' the
   * messages that are not JSON objects. Returns a function that removes the handler.
   */
  on(type, handler) {
    if (!this.#handlers.has(type)) {
      this.#handlers.set(type, new Set());
    }
    this.#handlers.get(type).add(handler);
    return () => this.#handlers.get(type).delete(handler);
  }

  /** Calls handler(state, detail) on every state change; detail has the close code and the delay when known. */
  onState(handler) {
    this.#stateHandlers.add(handler);
    return () => this.#stateHandlers.delete(handler);
  }

  /**
   * Sends message as JSON now, or returns false: when not open, or when the browser already holds more than
   * maxBufferedAmount unsent bytes (a slow network must not make the page hoard data). Nothing is kept for later.
   */
  send(message) {
    return this.sendText(JSON.stringify(message));
  }

  sendText(text) {
    this.#checkSize(text);
    if (this.#state !== State.OPEN || this.#socket.bufferedAmount > this.#options.maxBufferedAmount) {
      return false;
    }
    this.#socket.send(text);
    return true;
  }

  /**
   * Sends message with a fresh `id` and resolves with the server's answer to it (an `ack`, or a reply of the same
   * type), or rejects with a HubError. Until answered it is sent again after every reconnect, with the same id, so
   * that the server can recognise a repeat. At most maxPending requests wait at once.
   */
  request(message) {
    return this.#enqueue(this.#pending, message);
  }

  /** Closes for good: no reconnect; unanswered requests are rejected. */
  close(code = 1000, reason = '') {
    this.#closedByUs = true;
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#refreshTimer);
    if (this.#socket) {
      this.#socket.close(code, reason);
    } else {
      this.#finish({ code, reason });
    }
  }

  /**
   * For subclasses: a request that sets the connection up (joining rooms, say). Sent before the queued requests,
   * and forgotten on a disconnect, since setUp() makes it again on the next connection.
   */
  setupRequest(message) {
    return this.#enqueue(this.#setup, message);
  }

  /** For subclasses: called on every open, before the queued requests go out again. */
  setUp() {
  }

  /** For subclasses: false drops a server message before any handler sees it. */
  accept(message) {
    return message !== undefined;
  }

  #checkSize(text) {
    // a message over the server's limit would close the connection with 1009, and after a reconnect again
    if (text.length > this.#options.maxMessageSize / 3 && utf8.encode(text).length > this.#options.maxMessageSize) {
      throw new RangeError(`message larger than ${this.#options.maxMessageSize} bytes`);
    }
  }

  #enqueue(queue, message) {
    if (this.#state === State.CLOSED) {
      return Promise.reject(new HubError('closed', 'the connection is closed'));
    }
    if (queue === this.#pending && this.#pending.size >= this.#options.maxPending) {
      return Promise.reject(new HubError('backpressure', `${this.#options.maxPending} requests already wait`));
    }
    const id = `${this.#idPrefix}-${++this.#ids}`;
    const text = JSON.stringify({ ...message, id });
    try {
      this.#checkSize(text);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const reply = message.type === 'refresh' ? 'refreshed' : message.type;
      queue.set(id, { type: reply, text, resolve, reject, sent: false, retries: 0 });
      this.#flush();
    });
  }

  #open() {
    const { getToken, getTicket } = this.#options;
    if (!getToken && !getTicket) {
      this.#connect(this.#url, undefined);
      return;
    }
    const ready = this.#nextToken;
    this.#nextToken = undefined;
    Promise.resolve(ready ?? (getToken ? getToken() : getTicket())).then((credential) => {
      if (this.#closedByUs) {
        return;
      }
      if (typeof credential !== 'string' || credential === '') {
        throw new Error('no token or ticket');
      }
      if (getToken) {
        this.#token = credential;
        this.#connect(this.#url, [PROTOCOL, BEARER_PROTOCOL + credential]);
      } else {
        const url = new URL(this.#url);
        url.searchParams.set('ticket', credential);
        this.#connect(url.href, undefined);
      }
    }).catch((error) => {
      if (!this.#closedByUs) {
        console.error('wshub: getToken/getTicket failed', error);
        this.#reconnect({ code: 1006, reason: `no credential: ${error.message}` });
      }
    });
  }

  #connect(url, protocols) {
    const socket = protocols ? new this.#options.WebSocket(url, protocols) : new this.#options.WebSocket(url);
    this.#socket = socket;
    socket.addEventListener('open', () => {
      socket.wshubOpened = true;
      this.#attempt = 0;
      this.#setState(State.OPEN, {});
      this.setUp();
      this.#flush();
      if (this.#options.getToken) {
        this.#scheduleRefresh(tokenExpiry(this.#token));
      }
    });
    socket.addEventListener('message', (event) => this.#receive(event.data));
    socket.addEventListener('close', (event) => this.#closed(socket, event));
  }

  #scheduleRefresh(expiresAt) {
    clearTimeout(this.#refreshTimer);
    if (expiresAt === undefined) {
      return;
    }
    const socket = this.#socket;
    this.#refreshTimer = setTimeout(() => this.#refresh(socket), refreshDelay(expiresAt));
  }

  // on this connection only: a new one starts with a fresh token of its own
  async #refresh(socket) {
    let token;
    try {
      token = await this.#options.getToken();
    } catch (error) {
      console.error('wshub: getToken failed; the connection will close when its token expires', error);
      return;
    }
    if (socket !== this.#socket || this.#state !== State.OPEN || token === this.#token) {
      // the same token again: nothing to refresh, the connection closes at its exp
      return;
    }
    this.#token = token;
    this.setupRequest({ type: 'refresh', token }).then(
      (refreshed) => this.#scheduleRefresh(Date.parse(refreshed.expires)),
      () => undefined, // the 'error' handlers heard of it; the server closes the connection at the old exp
    );
  }

  #closed(socket, event) {
    if (socket !== this.#socket) {
      return;
    }
    this.#socket = null;
    clearTimeout(this.#flushTimer);
    clearTimeout(this.#refreshTimer);
    this.#setup.clear();
    for (const request of this.#pending.values()) {
      request.sent = false;
    }
    const renewable = (this.#options.getToken || this.#options.getTicket) && event.code === 1008
      && event.reason === TOKEN_EXPIRED;
    if (this.#closedByUs || (FINAL_CLOSE_CODES.has(event.code) && !renewable)
        || this.#attempt >= (this.#options.maxAttempts ?? Infinity)) {
      this.#finish(event);
      return;
    }
    // a spent ticket says nothing of why the handshake failed: the next attempt brings a new one
    if (!socket.wshubOpened && this.#options.probe && !this.#options.getTicket
        && typeof globalThis.fetch === 'function') {
      // a browser does not tell a refused handshake from a network error: ask the same URL over plain HTTP, with the
      // same token, which wshub answers 401 or 403 with the reason when it would refuse the handshake
      this.#setState(State.RECONNECTING, { code: event.code, reason: event.reason, delayMs: 0 });
      const refusedToken = this.#token;
      this.#probe(refusedToken).then(async (refusal) => {
        if (this.#closedByUs) {
          return;
        }
        if (refusal?.status === 401 && this.#options.getToken && await this.#freshToken(refusedToken)) {
          this.#reconnect(event);
        } else if (refusal) {
          this.#finish({ code: event.code, reason: refusal.reason, status: refusal.status });
        } else {
          this.#reconnect(event);
        }
      });
      return;
    }
    this.#reconnect(event);
  }

  #reconnect(event) {
    const delayMs = reconnectDelay(this.#attempt++, this.#options);
    this.#setState(State.RECONNECTING, { code: event.code, reason: event.reason, delayMs });
    this.#reconnectTimer = setTimeout(() => this.#open(), delayMs);
  }

  // whether getToken() now gives another token than the one refused (it may have been stale); kept for the next open
  async #freshToken(refused) {
    try {
      const token = await this.#options.getToken();
      this.#nextToken = token !== refused ? token : undefined;
      return token !== refused;
    } catch {
      return false;
    }
  }

  // resolves with {status, reason} when the server refuses the handshake for what it is (401, 403), else null
  async #probe(token) {
    const url = new URL(this.#url);
    url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    try {
      const response = await globalThis.fetch(url.href, { cache: 'no-store', credentials: 'same-origin', headers });
      if (response.status === 401 || response.status === 403) {
        // wshub's answer is the status on a line of its own, then the reason
        const text = (await response.text()).trim().replace(/^\d{3}\s*/, '');
        return { status: response.status, reason: `refused (${response.status}): ${text}`.slice(0, 200) };
      }
    } catch {
      // the server is not there, or answers another origin's page without letting it read the answer
    }
    return null;
  }

  #finish(event) {
    const error = new HubError('closed', `the connection is closed (${event.code})`);
    for (const request of this.#pending.values()) {
      request.reject(error);
    }
    this.#pending.clear();
    this.#setState(State.CLOSED, { code: event.code, reason: event.reason, status: event.status });
  }

  #flush() {
    clearTimeout(this.#flushTimer);
    if (this.#state !== State.OPEN) {
      return;
    }
    for (const queue of [this.#setup, this.#pending]) {
      for (const request of queue.values()) {
        if (request.sent) {
          continue;
        }
        if (this.#socket.bufferedAmount > this.#options.maxBufferedAmount) {
          this.#flushTimer = setTimeout(() => this.#flush(), FLUSH_RETRY_MS);
          return;
        }
        this.#socket.send(request.text);
        request.sent = true;
      }
    }
  }

  #receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      message = undefined;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      this.#dispatch('text', data);
      this.#dispatch('*', data);
      return;
    }
    if (typeof message.id === 'string' && this.#answer(message)) {
      return;
    }
    if (this.accept(message)) {
      this.emit(message);
    }
  }

  /** Hands a message to the handlers of its type and of '*': what arrives, and what a subclass makes itself. */
  emit(message) {
    this.#dispatch(message.type, message);
    this.#dispatch('*', message);
  }

  // An ack, an error or a reply of the request's own type settles the request; other messages that carry the same
  // id (a room message echoed to its sender) are ordinary messages.
  #answer(message) {
    const queue = this.#setup.has(message.id) ? this.#setup : this.#pending;
    const request = queue.get(message.id);
    if (!request || !(message.type === 'ack' || message.type === 'error' || message.type === request.type)) {
      return false;
    }
    if (message.type === 'error' && message.code === 'rate-limited'
        && request.retries++ < this.#options.rateLimitRetries) {
      request.sent = false;
      setTimeout(() => this.#flush(), this.#options.rateLimitRetryMs);
      return true;
    }
    queue.delete(message.id);
    if (message.type === 'error') {
      request.reject(new HubError(message.code, message.message));
      this.#dispatch('error', message);
    } else {
      request.resolve(message);
      if (message.type !== 'ack') {
        this.#dispatch(message.type, message);
      }
    }
    return true;
  }

  #dispatch(type, message) {
    for (const handler of this.#handlers.get(type) ?? []) {
      try {
        handler(message);
      } catch (error) {
        console.error('wshub handler failed', error);
      }
    }
  }

  #setState(state, detail) {
    this.#state = state;
    for (const handler of this.#stateHandlers) {
      try {
        handler(state, detail);
      } catch (error) {
        console.error('wshub state handler failed', error);
      }
    }
  }
}

const SEEN_PRIVATE_LIMIT = 1000;

/**
 * Group and private chat over /ws/chat/{room}. Keeps, per room, the last seq it has shown and the epoch of the room's
 * log: after a reconnect it joins its rooms again and resumes each from there, and it drops what it has already
 * shown, so every room message reaches the handlers exactly once. When the epoch has changed (the server restarted,
 * or dropped the room's log), the seqs it saw count no more: it starts the room over and emits
 * `{type: 'restarted', room}` before the room's messages. Joining a room also fetches the history the server keeps.
 */
export class ChatHub extends Hub {
  #home;
  #rooms = new Map();
  #seenPrivate = new Set();

  /** Connects to the chat room `room`, under `options.path` (default 'ws/chat/'), relative to the page. */
  constructor(room, options = {}) {
    super(`${options.path ?? 'ws/chat/'}${encodeURIComponent(room)}`, options);
    this.#home = room;
    this.#rooms.set(room, ChatHub.#newRoom());
  }

  /** The rooms this client is in, or joining. */
  get rooms() {
    return [...this.#rooms.keys()];
  }

  /** Joins room (and shows its history); resolves once the server has joined it. */
  join(room) {
    if (this.#rooms.has(room)) {
      return this.#rooms.get(room).joined;
    }
    const state = ChatHub.#newRoom();
    this.#rooms.set(room, state);
    if (this.state === State.OPEN) {
      this.#enter(room, state, false);
    }
    return state.joined;
  }

  /** Leaves room: nothing more of it reaches the handlers, and it is not joined again after a reconnect. */
  leave(room) {
    if (!this.#rooms.delete(room)) {
      return Promise.resolve();
    }
    if (this.state !== State.OPEN) {
      return Promise.resolve();
    }
    return this.setupRequest({ type: 'leave', room }).catch(() => undefined);
  }

  /** Posts text to room; resolves with the ack, whose seq is the message's. */
  say(room, text) {
    return this.request({ type: 'say', room, text });
  }

  /** Sends text to user; resolves with the ack, whose status is 'delivered' or 'stored'. */
  whisper(to, text) {
    return this.request({ type: 'whisper', to, text });
  }

  setUp() {
    if (!this.#rooms.has(this.#home)) {
      // the server joins the URL's room on every connection
      this.setupRequest({ type: 'leave', room: this.#home }).catch(() => undefined);
    }
    for (const [room, state] of this.#rooms) {
      this.#enter(room, state, room === this.#home);
    }
  }

  accept(message) {
    switch (message.type) {
      case 'message':
        return this.#firstTime(message);
      case 'presence':
        return this.#presence(message);
      case 'resumed':
        return this.#resumed(message);
      case 'joined':
      case 'left':
        return this.#rooms.has(message.room);
      case 'private':
        return this.#firstPrivate(message);
      default:
        return true;
    }
  }

  static #newRoom() {
    let resolveJoined;
    let rejectJoined;
    const joined = new Promise((resolve, reject) => {
      resolveJoined = resolve;
      rejectJoined = reject;
    });
    joined.catch(() => undefined);
    return {
      last: 0, epoch: undefined, restarted: false, seen: new Set(), resuming: false, joined, resolveJoined, rejectJoined,
    };
  }

  // joinedByServer: the server joined this connection to the room of its URL when it opened
  #enter(room, state, joinedByServer) {
    state.resuming = true;
    const joining = joinedByServer ? Promise.resolve() : this.setupRequest({ type: 'join', room });
    joining.then(() => state.resolveJoined(), (error) => {
      if (this.#rooms.get(room) === state) {
        this.#rooms.delete(room);
      }
      state.rejectJoined(error);
    });
    this.setupRequest({ type: 'resume', room, after: state.last, epoch: state.epoch }).then(() => {
      // everything up to the join has now been replayed and everything since came live: no holes below max
      for (const seq of state.seen) {
        state.last = Math.max(state.last, seq);
      }
      state.seen.clear();
      state.resuming = false;
    }, () => undefined);
  }

  // a join's presence names the epoch its seqs count in; sent before any live message of the room
  #presence(message) {
    const state = this.#rooms.get(message.room);
    if (!state) {
      return false;
    }
    if (typeof message.epoch === 'string') {
      const restarted = state.epoch !== undefined && state.epoch !== message.epoch;
      state.epoch = message.epoch;
      if (restarted) {
        state.last = 0;
        state.seen.clear();
        state.restarted = true;
        this.emit({ type: 'restarted', room: message.room });
      }
    }
    return true;
  }

  // the answer to the resume sent with the old epoch says "not recovered": the 'restarted' event already told that
  #resumed(message) {
    const state = this.#rooms.get(message.room);
    if (!state) {
      return false;
    }
    if (state.restarted) {
      state.restarted = false;
      return false;
    }
    return true;
  }

  #firstTime(message) {
    const state = this.#rooms.get(message.room);
    const seq = message.seq;
    if (!state || typeof seq !== 'number' || seq <= state.last || state.seen.has(seq)) {
      return false;
    }
    if (state.resuming) {
      state.seen.add(seq);
    } else {
      state.last = seq;
    }
    return true;
  }

  #firstPrivate(message) {
    if (typeof message.id !== 'string') {
      return true;
    }
    const key = `${message.from}\n${message.id}`;
    if (this.#seenPrivate.has(key)) {
      return false;
    }
    this.#seenPrivate.add(key);
    if (this.#seenPrivate.size > SEEN_PRIVATE_LIMIT) {
      this.#seenPrivate.delete(this.#seenPrivate.values().next().value);
    }
    return true;
  }
}
