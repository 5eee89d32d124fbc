// Before the fault suite: a production build for the cases that run the console as a process (made only when
// .next has none, e.g. in a fresh clone; outside any test's hook timeout, as a build takes minutes on 2 cores).
import { ensureConsoleBuild } from './console-process';

export default function setup(): void {
  ensureConsoleBuild();
}
