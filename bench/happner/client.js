// A happner-2 MeshClient calling the "bench" component of server.js over loopback, for
// bench/mesh-net.sh. Prints "<workload> <metric> <value>" lines; bounded in count and time.
//   call PORT [N]            one in flight: p50_us, p99_us
//   pipe PORT [N] [WINDOW]   WINDOW in flight (default 50): calls_per_s, p99_us
const Happner = require('happner-2');
const port = parseInt(process.argv[2], 10);
const workload = process.argv[3];
const count = parseInt(process.argv[4] || '20000', 10);
const window = parseInt(process.argv[5] || '50', 10);
const now = () => Number(process.hrtime.bigint()) / 1000; // microseconds
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const WARMUP = 2000;
const LIMIT_MS = 120000; // every workload stops after two minutes, whatever its count

async function call(client) {
  const bench = client.exchange.bench;
  for (let i = 0; i < WARMUP; i++) await bench.version();
  const latencies = [];
  const deadline = Date.now() + LIMIT_MS;
  for (let i = 0; i < count && Date.now() < deadline; i++) {
    const start = now();
    const result = await bench.version();
    latencies.push(now() - start);
    if (result !== '1.0.0') throw new Error('unexpected result ' + result);
  }
  latencies.sort((a, b) => a - b);
  console.log(`call p50_us ${pct(latencies, 0.5).toFixed(1)}`);
  console.log(`call p99_us ${pct(latencies, 0.99).toFixed(1)}`);
  console.log(`call calls ${latencies.length}`);
}

async function pipe(client) {
  const bench = client.exchange.bench;
  for (let i = 0; i < WARMUP; i++) await bench.version();
  const latencies = [];
  let sent = 0, done = 0, failed = 0;
  const deadline = Date.now() + LIMIT_MS;
  const start = now();
  await new Promise((resolve) => {
    const one = () => {
      const begun = now();
      sent++;
      bench.version().then(() => latencies.push(now() - begun), () => failed++).then(() => {
        done++;
        if (sent < count && Date.now() < deadline) one();
        else if (done === sent) resolve();
      });
    };
    for (let i = 0; i < Math.min(window, count); i++) one();
  });
  const seconds = (now() - start) / 1e6;
  latencies.sort((a, b) => a - b);
  console.log(`pipe calls_per_s ${(latencies.length / seconds).toFixed(0)}`);
  console.log(`pipe p99_us ${pct(latencies, 0.99).toFixed(1)}`);
  console.log(`pipe calls ${latencies.length}`);
  console.log(`pipe failed ${failed}`);
  console.log(`pipe all_calls ${WARMUP + sent}`); // with the warm-up: what the server handled
}

(async () => {
  const client = new Happner.MeshClient({ host: '127.0.0.1', port });
  await client.login();
  await ({ call, pipe })[workload](client);
  await client.disconnect();
})().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
