// happn-3 service for the benchmark: no security, in-memory (nedb) store, on the port given.
const happn = require('happn-3');
const port = parseInt(process.argv[2], 10);
happn.service.create({ host: '127.0.0.1', port, secure: false }, (error) => {
  if (error) { console.error(error); process.exit(1); }
  console.log('READY');
});
