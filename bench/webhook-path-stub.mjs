// The HTTP sink of shape B's HTTP POST (bench/webhook-path.ts), as ../shared/bench/peer-n8n/stub.js:
// 127.0.0.1 only, any POST → 200 {"ok":true}; GET /stats → {"posts":N}. Its own process, so its CPU
// is counted apart from the bench's. Prints "stub listening <port>" when ready.
import http from 'node:http';

const port = Number(process.argv[2]);
let posts = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ posts }));
    return;
  }
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST') posts++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`stub listening ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
