// happner-2 mesh for bench/mesh-net.sh: one component, "bench", whose version() answers at once,
// on 127.0.0.1 at the port given, without security (like the insecure Switchboard peer).
const Happner = require('happner-2');
const port = parseInt(process.argv[2], 10);

class Bench {
  version(callback) {
    callback(null, '1.0.0');
  }
}

Happner.create({
  name: 'bench',
  happn: { host: '127.0.0.1', port, secure: false },
  modules: { bench: { instance: new Bench() } },
  components: { bench: {} },
}).then(() => console.log('READY'), (error) => { console.error(error); process.exit(1); });
