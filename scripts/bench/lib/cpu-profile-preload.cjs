// Preloaded with `node --require` when the bench runs with --profile: samples the CPU every 10 ms (cheap enough
// to leave the figures alone) and writes a .cpuprofile into BENCH_CPU_PROFILE_DIR on SIGUSR2 (`next start` exits
// on signals in a way that skips --cpu-prof's write). With BENCH_CPU_PROFILE_START=signal, sampling starts on the
// first SIGUSR2 (after start-up) and the profile is written on the second.
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  let started = false;
  const start = () => {
    started = true;
    session.post('Profiler.enable', () => {
      session.post('Profiler.setSamplingInterval', { interval: 10_000 }, () =>
        session.post('Profiler.start'),
      );
    });
  };
  if (process.env.BENCH_CPU_PROFILE_START !== 'signal') start();
  process.on('SIGUSR2', () => {
    if (!started) return start();
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const file = path.join(dir, `${path.basename(process.argv[1] ?? 'node')}-${process.pid}.cpuprofile`);
      fs.writeFileSync(`${file}.part`, JSON.stringify(result.profile));
      fs.renameSync(`${file}.part`, file);
    });
  });
}
