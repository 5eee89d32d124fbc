// The help text of etcd-console-sidecar, per command.

const connection = `Connection (every command):
  --endpoints <url,…>     etcd endpoints (default: ETCD_ENDPOINTS or http://127.0.0.1:2379)
  --etcd-prefix <prefix>  the console's root namespace (default: ETCD_PREFIX or none)
  ETCD_USERNAME, ETCD_PASSWORD, ETCD_CA_FILE, ETCD_CERT_FILE, ETCD_KEY_FILE are read from the environment.`;

const register = `etcd-console-sidecar register --service <name> --address <host> [options] -- <command…>
  Runs the command and keeps it in the service registry while it lives; deregisters it when it exits, passes
  SIGINT/SIGTERM/SIGHUP on to it and exits with its exit status (128 + signal when it was killed).
  --service <name>          service name (required)
  --address <host>          address clients should use (required)
  --port <n>                port
  --ttl <s>                 lease TTL in seconds (default 10)
  --id <id>                 instance id (default: hostname-pid-random)
  --weight <n>              balancing weight (default 1)
  --meta <key=value>        metadata, repeatable
  --version <text>          the program's version
  --health <url>            HTTP check: up while it answers 2xx, draining otherwise
  --health-interval <s>     seconds between checks (default 2)`;

const worker = `etcd-console-sidecar worker --group <group> --type <type> [options] -- <handler…>
  Claims the group's commands of the given types and runs the handler once per command: the payload as JSON on
  stdin; stdout lines "progress <0-100> <message>" report progress; the last stdout line that is JSON is the
  result; exit status 0 succeeds, anything else fails the command with the status and stderr's tail. A cancel
  sends SIGTERM to the handler's process group (SIGKILL after --kill-after).
  --group <group>           dispatch group (required)
  --type <type>             command type, repeatable (required)
  --id <id>                 worker id (default: hostname-pid)
  --concurrency <n>         commands run at once (default 1)
  --ttl <s>                 worker lease TTL in seconds (default 5)
  --version <text>          the handler's version
  --kill-after <s>          SIGTERM → SIGKILL grace on cancel (default 10)
  --grace <s>               on SIGINT/SIGTERM, how long running commands may finish (default 30)`;

const config = `etcd-console-sidecar config --prefix <prefix/> --out <dir> [options]
  Writes each key under the prefix to a file under --out (path = key below the prefix), atomically; removes
  the files of deleted keys; runs --exec after each applied revision (never two at once) and acknowledges the
  revision as a config subscriber, with the reload's failure as the subscriber's error.
  --prefix <prefix/>        key prefix, ending in "/" (required)
  --out <dir>               directory for the files (required)
  --app <name>              subscriber app name (default: the prefix's last segment)
  --instance <id>           subscriber instance id (default: hostname-pid-random)
  --exec <command>          reload command, run by /bin/sh; gets ETCD_CONSOLE_REVISION
  --ttl <s>                 lease TTL of the subscriber status (default 10)`;

const texts: Record<string, string> = { register, worker, config };

export function usage(command?: string): string {
  const body = command && texts[command] ? texts[command] : Object.values(texts).join('\n\n');
  return `Usage:\n${body}\n\n${connection}\n`;
}
