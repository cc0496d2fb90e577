// The counter page: python websockets' counter example, over ws/counter.
import { Hub } from './wshub.js';
import { showState } from './page.js';

const counter = new Hub('ws/counter');
showState(counter, document.getElementById('state'));

const value = document.getElementById('value');
const users = document.getElementById('users');
const usersLabel = document.getElementById('users-label');
const buttons = [document.getElementById('minus'), document.getElementById('plus')];

counter.onState((state) => {
  for (const button of buttons) {
    button.disabled = state !== 'open';
  }
});
counter.on('value', (message) => {
  value.textContent = String(message.value);
});
counter.on('users', (message) => {
  users.textContent = String(message.count);
  const people = message.count === 1 ? 'user online' : 'users online';
  const tabs = message.connections === 1 ? 'connection' : 'connections';
  usersLabel.textContent = message.connections > message.count ? `${people} (${message.connections} ${tabs})` : people;
});
for (const button of buttons) {
  button.addEventListener('click', () => counter.send({ action: button.id }));
}
