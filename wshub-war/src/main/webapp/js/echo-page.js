// The hello and echo page.
import { Hub } from './wshub.js';
import { element, showState, trim } from './page.js';

const echo = new Hub('ws/echo');
showState(echo, document.getElementById('state'));

const log = document.getElementById('log');
const show = (direction, text) => {
  log.append(element('li', { className: direction, text: `${direction === 'out' ? '→' : '←'} ${text}` }));
  trim(log, 200);
};
echo.on('text', (text) => show('in', text));

const echoForm = document.getElementById('echo');
const echoText = document.getElementById('echo-text');
echoForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (echo.sendText(echoText.value)) {
    show('out', echoText.value);
    echoText.value = '';
  }
});

const helloForm = document.getElementById('hello');
const helloName = document.getElementById('hello-name');
const greeting = document.getElementById('greeting');
helloForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = helloName.value;
  greeting.textContent = 'connecting…';
  const hello = new Hub('ws/hello');
  hello.onState((state) => {
    if (state === 'open') {
      hello.sendText(name);
    }
  });
  hello.on('text', (text) => {
    greeting.textContent = text;
  });
});
