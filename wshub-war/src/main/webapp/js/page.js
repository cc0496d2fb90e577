// What every page shares: building elements with text only, and showing a Hub's connection state.

/** A new element whose text is set as text, never parsed as HTML. */
export function element(tag, { className, text, data } = {}) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  for (const [key, value] of Object.entries(data ?? {})) {
    node.dataset[key] = value;
  }
  return node;
}

const STATE_LABELS = {
  connecting: 'connecting…',
  open: 'connected',
  reconnecting: 'reconnecting…',
  closed: 'closed',
};

/** Keeps the badge `badge` showing hub's state; data-state holds the bare state for styles and tests. */
export function showState(hub, badge) {
  const render = (state, detail = {}) => {
    badge.dataset.state = state;
    let label = STATE_LABELS[state];
    if (state === 'reconnecting' && detail.delayMs !== undefined) {
      label += ` (retry in ${(detail.delayMs / 1000).toFixed(1)} s)`;
    }
    if (state === 'closed' && detail.code !== undefined) {
      label += ` (${detail.code}${detail.reason ? `: ${detail.reason}` : ''})`;
    }
    badge.textContent = label;
  };
  render(hub.state);
  return hub.onState(render);
}

/** hh:mm:ss of an ISO instant, in the reader's time zone. */
export function clockTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour12: false });
}

/** Keeps at most `limit` children in list, removing from the start. */
export function trim(list, limit) {
  while (list.childElementCount > limit) {
    list.firstElementChild.remove();
  }
}
