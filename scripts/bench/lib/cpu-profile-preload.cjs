// Preloaded into the console with `node --require` when the bench runs with --profile: samples the CPU from the
// start and writes a .cpuprofile on SIGUSR2 (`next start` exits on signals in a way that skips --cpu-prof's write).
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => {
    session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start'));
  });
  process.on('SIGUSR2', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const file = path.join(dir, `console-${process.pid}-${Date.now()}.cpuprofile`);
      fs.writeFileSync(`${file}.part`, JSON.stringify(result.profile));
      fs.renameSync(`${file}.part`, file);
    });
  });
}
