// The benchmark's Node peer: wshub's echo and room broadcast, on ws, as a Node developer would write them.
// Usage: node server.js <port>
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 8080);
const echo = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const chat = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const rooms = new Map();

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

chat.on('connection', (ws, request, room, user) => {
  let members = rooms.get(room);
  if (!members) {
    members = { sockets: new Set(), seq: 0 };
    rooms.set(room, members);
  }
  members.sockets.add(ws);
  ws.on('message', (data) => {
    let command;
    try {
      command = JSON.parse(data);
    } catch (e) {
      ws.send(JSON.stringify({ type: 'error', code: 'malformed' }));
      return;
    }
    if (command.type !== 'say') {
      return;
    }
    members.seq += 1;
    // encoded once, sent to everyone
    const message = JSON.stringify({
      type: 'message', room, seq: members.seq, from: user, text: command.text, ts: new Date().toISOString(),
    });
    for (const member of members.sockets) {
      member.send(message);
    }
  });
  ws.on('close', () => members.sockets.delete(ws));
});

const server = http.createServer((request, response) => {
  response.writeHead(404);
  response.end();
});
server.on('upgrade', (request, socket, head) => {
  const url = new URL(request.url, 'http://localhost');
  const user = url.searchParams.get('user') || 'anonymous';
  if (url.pathname === '/ws/echo') {
    echo.handleUpgrade(request, socket, head, (ws) => echo.emit('connection', ws, request));
  } else if (url.pathname.startsWith('/ws/chat/')) {
    const room = decodeURIComponent(url.pathname.substring('/ws/chat/'.length));
    chat.handleUpgrade(request, socket, head, (ws) => chat.emit('connection', ws, request, room, user));
  } else {
    socket.destroy();
  }
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
