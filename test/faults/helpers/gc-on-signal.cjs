// Preloaded into the console process by the hostile-clients case (NODE_OPTIONS=--require): SIGUSR2 runs a full
// garbage collection, so heap figures read right after it show what is still referenced, not what awaits GC.
const v8 = require('node:v8');
const vm = require('node:vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
process.on('SIGUSR2', () => gc());
