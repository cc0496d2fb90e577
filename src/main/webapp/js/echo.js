// The echo page: every line sent comes back from ws/echo. The URL is relative to the page, so it works at the root
// of the embedded server and under a WAR's context path, with wss: when the page is served over https:.
const url = new URL('ws/echo', window.location.href);
url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';

const state = document.getElementById('state');
const log = document.getElementById('log');
const form = document.getElementById('send');
const input = document.getElementById('message');

function show(direction, text) {
  const item = document.createElement('li');
  item.className = direction;
  item.textContent = `${direction === 'out' ? '→' : '←'} ${text}`;
  log.prepend(item);
}

const socket = new WebSocket(url);
socket.addEventListener('open', () => { state.textContent = 'open'; });
socket.addEventListener('message', (event) => show('in', event.data));
socket.addEventListener('close', (event) => { state.textContent = `closed (${event.code})`; });
socket.addEventListener('error', () => { state.textContent = 'error'; });

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (socket.readyState === WebSocket.OPEN && input.value) {
    socket.send(input.value);
    show('out', input.value);
    input.value = '';
  }
});
