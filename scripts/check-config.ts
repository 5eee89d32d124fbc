// `npm start` runs this first, so bad configuration fails in a second with one line, before any build.
import { checkConfigurationOrExit } from '../lib/etcd/startup-check';

checkConfigurationOrExit();
