// The feed page: subscribes to one topic at a time; the clock topic also shows its time in large.
import { Hub } from './wshub.js';
import { clockTime, element, showState, trim } from './page.js';

const badge = document.getElementById('state');
const form = document.getElementById('subscribe');
const input = document.getElementById('topic');
const items = document.getElementById('items');
const clock = document.getElementById('clock');
const topicName = document.getElementById('topic-name');
const publishUrl = document.getElementById('publish-url');

let feed = null;
let stopShowingState = () => undefined;

function subscribe(topic) {
  if (feed) {
    stopShowingState();
    feed.close();
  }
  items.replaceChildren();
  clock.textContent = '';
  topicName.textContent = topic;
  publishUrl.textContent = new URL(`api/feed/${encodeURIComponent(topic)}`, window.location.href).href;
  const params = new URLSearchParams(window.location.search);
  params.set('topic', topic);
  window.history.replaceState(null, '', `?${params}`);

  feed = new Hub(`ws/feed/${encodeURIComponent(topic)}`);
  stopShowingState = showState(feed, badge);
  feed.on('feed', (item) => {
    const data = JSON.stringify(item.data);
    items.prepend(element('li', { text: `#${item.seq} ${clockTime(item.ts)} ${data}`, data: { seq: item.seq } }));
    trim(items, 100);
    if (item.topic === 'clock' && item.data && typeof item.data.time === 'string') {
      clock.textContent = clockTime(item.data.time);
    }
  });
  feed.on('error', (error) => {
    items.prepend(element('li', { className: 'error', text: `${error.code}: ${error.message}` }));
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  subscribe(input.value);
});

input.value = new URLSearchParams(window.location.search).get('topic') ?? 'clock';
subscribe(input.value);
