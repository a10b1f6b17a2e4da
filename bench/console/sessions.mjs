// Opens N client sessions for bench/console.sh and keeps them open until stdin closes: each one
// shakes hands, logs in with a token (one password login for all: PBKDF2 is slow on purpose), and
// subscribes to a data pattern and to bench001's event. Run with node --experimental-websocket
// (Node 20). argv: port, user, password, sessions. Prints "READY <n>" once all are open.
import readline from 'node:readline';

const [port, username, password, count] = process.argv.slice(2);
const origin = `127.0.0.1:${port}`;
const login = await fetch(`http://${origin}/api/login`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
});
if (!login.ok) {
  console.log(`ERROR login: ${login.status} ${await login.text()}`);
  process.exit(1);
}
const { token } = await login.json();

/** One session: resolves once its last request is answered. */
function open(i) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${origin}/api/ws`, 'switchboard.v1');
    const requests = [
      { action: 'handshake', client: `console-bench/${i}` },
      { action: 'login', token },
      { action: 'on', path: `/bench/${i % 50}/**` },
      { action: 'event.on', component: 'bench001', event: 'tick' },
    ];
    let next = 0;
    const send = () => socket.send(JSON.stringify({ id: next, ...requests[next] }));
    socket.onopen = send;
    socket.onerror = () => reject(new Error(`session ${i}: the socket failed`));
    socket.onmessage = ({ data }) => {
      const answer = JSON.parse(data);
      if (answer.id !== next) {
        return; // a publication
      }
      if (!answer.ok) {
        reject(new Error(`session ${i}: ${requests[next].action}: ${JSON.stringify(answer.error)}`));
        return;
      }
      next += 1;
      if (next < requests.length) {
        send();
      } else {
        resolve(socket);
      }
    };
  });
}

const sockets = [];
for (let start = 0; start < Number(count); start += 50) { // 50 at a time: a burst, not a flood
  const batch = [];
  for (let i = start; i < Math.min(start + 50, Number(count)); i++) {
    batch.push(open(i));
  }
  try {
    sockets.push(...await Promise.all(batch));
  } catch (error) {
    console.log(`ERROR ${error.message}`);
    process.exit(1);
  }
}
console.log(`READY ${sockets.length}`);
let closed = 0;
sockets.forEach(socket => socket.addEventListener('close', () => { closed += 1; }));
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line.trim() === 'count') {
    console.log(`OPEN ${sockets.length - closed}`);
  }
}
sockets.forEach(socket => socket.close());
