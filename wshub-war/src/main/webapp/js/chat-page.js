// The chat page: log in with a name, join and switch rooms, see who is online, talk in rooms and privately.
// Every text from the network goes into the page with textContent (page.js's element), never as HTML.
import { ChatHub, tokenClaims } from './wshub.js';
import { clockTime, element, showState, trim } from './page.js';

const MESSAGES_PER_ROOM = 500;
const PRIVATE_MESSAGES = 200;

const $ = (id) => document.getElementById(id);
const view = {
  login: $('login-view'), chat: $('chat-view'), me: $('me'), state: $('state'), rooms: $('rooms'),
  title: $('room-title'), notice: $('notice'), messages: $('messages'), online: $('online'),
  onlineCount: $('online-count'), private: $('private'), whisperTo: $('whisper-to'),
};

let hub = null;
let me = '';
let current = null;
const rooms = new Map();

function roomView(room) {
  if (!rooms.has(room)) {
    const box = element('div', { data: { room } });
    const list = element('ol', { className: 'log' });
    const waiting = element('ol', { className: 'log waiting' });
    box.hidden = true;
    box.append(list, waiting);
    view.messages.append(box);
    const entry = element('li', { data: { room } });
    const open = element('button', { className: 'room', text: room });
    open.type = 'button';
    open.addEventListener('click', () => show(room));
    const unread = element('span', { className: 'unread' });
    const leave = element('button', { className: 'leave', text: '×' });
    leave.type = 'button';
    leave.title = `leave ${room}`;
    leave.addEventListener('click', () => leaveRoom(room));
    entry.append(open, unread, leave);
    view.rooms.append(entry);
    rooms.set(room, { box, list, waiting, entry, unread, users: new Set(), count: 0 });
  }
  return rooms.get(room);
}

function show(room) {
  current = room;
  for (const [name, state] of rooms) {
    state.box.hidden = name !== room;
    state.entry.classList.toggle('current', name === room);
  }
  const state = roomView(room);
  state.count = 0;
  state.unread.textContent = '';
  view.title.textContent = `# ${room}`;
  view.notice.hidden = true;
  renderOnline();
  state.list.lastElementChild?.scrollIntoView({ block: 'end' });
}

function renderOnline() {
  const users = [...(rooms.get(current)?.users ?? [])].sort();
  view.onlineCount.textContent = `(${users.length})`;
  view.online.replaceChildren(...users.map((user) => {
    const item = element('li', { data: { user } });
    const pick = element('button', { text: user === me ? `${user} (you)` : user });
    pick.type = 'button';
    pick.title = `write to ${user} privately`;
    pick.addEventListener('click', () => {
      view.whisperTo.value = user;
      $('whisper-text').focus();
    });
    item.append(pick);
    return item;
  }));
}

function notice(text) {
  view.notice.textContent = text;
  view.notice.hidden = false;
}

function addMessage(message) {
  const state = roomView(message.room);
  const item = element('li', { className: message.from === me ? 'mine' : '', data: { seq: message.seq } });
  item.append(
    element('time', { text: clockTime(message.ts) }),
    element('span', { className: 'from', text: message.from }),
    element('span', { className: 'text', text: message.text }),
  );
  // a resume may bring older messages after newer live ones: keep the list in seq order
  let next = state.list.lastElementChild;
  while (next && Number(next.dataset.seq) > message.seq) {
    next = next.previousElementSibling;
  }
  if (next) {
    next.after(item);
  } else {
    state.list.prepend(item);
  }
  trim(state.list, MESSAGES_PER_ROOM);
  if (message.room === current) {
    item.scrollIntoView({ block: 'end' });
  } else {
    state.count += 1;
    state.unread.textContent = String(state.count);
  }
}

function addPrivate(message, className = '') {
  const item = element('li', { className: `${message.from === me ? 'mine' : ''} ${className}`.trim() });
  item.append(
    element('time', { text: clockTime(message.ts) }),
    element('span', { className: 'from', text: message.from === me ? `to ${message.to}` : `from ${message.from}` }),
    element('span', { className: 'text', text: message.text }),
  );
  view.private.append(item);
  trim(view.private, PRIVATE_MESSAGES);
  return item;
}

function leaveRoom(room) {
  hub.leave(room);
  const state = rooms.get(room);
  state.box.remove();
  state.entry.remove();
  rooms.delete(room);
  if (current === room) {
    const next = rooms.keys().next();
    if (next.done) {
      current = null;
      view.title.textContent = 'no room: join one';
      renderOnline();
    } else {
      show(next.value);
    }
  }
}

// with a token the name is the token's sub, and the token goes as a subprotocol, never in the URL
function enter(name, room, token) {
  me = token ? String(tokenClaims(token)?.sub ?? '?') : name;
  view.me.textContent = me;
  view.login.hidden = true;
  view.chat.hidden = false;
  hub = new ChatHub(room, token ? { getToken: () => token } : { user: name });
  showState(hub, view.state);
  roomView(room);
  show(room);

  hub.on('message', addMessage);
  hub.on('presence', (message) => {
    roomView(message.room).users = new Set(message.users);
    if (message.room === current) {
      renderOnline();
    }
  });
  hub.on('joined', (message) => {
    roomView(message.room).users.add(message.user);
    if (message.room === current) {
      renderOnline();
    }
  });
  hub.on('left', (message) => {
    roomView(message.room).users.delete(message.user);
    if (message.room === current) {
      renderOnline();
    }
  });
  hub.on('restarted', (message) => {
    // the seqs start again at 1: what follows goes in a list of its own, below a line that says so
    const state = roomView(message.room);
    const list = element('ol', { className: 'log' });
    state.box.insertBefore(element('p', { className: 'restarted', text: 'the room started over here' }), state.waiting);
    state.box.insertBefore(list, state.waiting);
    state.list = list;
    notice(`${message.room}: the server started this room over (it restarted, or the room was idle); `
        + 'earlier messages are gone.');
  });
  hub.on('resumed', (message) => {
    if (!message.recovered && message.room === current) {
      notice('Some older messages of this room are no longer kept.');
    }
  });
  hub.on('private', (message) => addPrivate(message));
  hub.on('error', (error) => notice(`${error.code}: ${error.message}`));
  hub.onState((state, detail) => {
    if (state === 'closed') {
      notice(`Disconnected (${detail.code}${detail.reason ? `: ${detail.reason}` : ''}). Reload to enter again.`);
    }
  });
}

const tokenInput = $('login-token');
tokenInput.addEventListener('input', () => {
  $('login-name').required = tokenInput.value.trim() === '';
});
// a link may carry a token after #token=: browsers never send the fragment; it leaves the address bar at once
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.has('token')) {
  tokenInput.value = fragment.get('token');
  $('login-name').required = false;
  history.replaceState(null, '', location.pathname + location.search);
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  enter($('login-name').value, $('login-room').value, tokenInput.value.trim());
});

$('join').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('join-room');
  const room = input.value;
  input.value = '';
  roomView(room);
  show(room);
  hub.join(room).catch((error) => {
    notice(`${room}: ${error.message}`);
    leaveRoom(room);
  });
});

$('say').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('say-text');
  if (!current) {
    return;
  }
  const room = current;
  // shown as waiting until the server's copy, with its seq, arrives; kept and sent again across reconnects
  const waiting = element('li');
  waiting.append(element('time', { text: 'sending' }), element('span', { className: 'from', text: me }),
    element('span', { className: 'text', text: input.value }));
  rooms.get(room).waiting.append(waiting);
  hub.say(room, input.value).catch((error) => notice(`not sent: ${error.message}`)).finally(() => waiting.remove());
  input.value = '';
});

$('whisper').addEventListener('submit', (event) => {
  event.preventDefault();
  const to = view.whisperTo.value;
  const input = $('whisper-text');
  const text = input.value;
  input.value = '';
  hub.whisper(to, text).then(
    (ack) => {
      const item = addPrivate({ from: me, to, text, ts: new Date().toISOString() });
      if (ack.status === 'stored') {
        item.append(element('span', { className: 'status', text: `${to} is away: kept for them` }));
      }
    },
    (error) => notice(`not sent to ${to}: ${error.message}`),
  );
});
