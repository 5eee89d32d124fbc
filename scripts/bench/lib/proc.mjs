// Which process serves a port, and how much memory it holds, read from /proc (Linux only).
import fs from 'node:fs';

/**
 * The socket inodes listening on a TCP port (IPv4 and IPv6).
 * @param {number} port
 */
function listeningInodes(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ip:port in hex, state 0A is LISTEN, column 9 is the inode.
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/**
 * `pid` and all its descendants.
 * @param {number} pid
 */
function familyOf(pid) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (after the parenthesised command, which may hold spaces) is the parent pid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const family = [pid];
  for (let i = 0; i < family.length; i++)
    family.push(...(children.get(/** @type {number} */ (family[i])) ?? []));
  return family;
}

/**
 * The process among `rootPid` and its descendants that holds the listening socket of `port`.
 * `next start` may serve from a forked child, so the spawned pid is not necessarily the server.
 * @param {number} rootPid
 * @param {number} port
 * @returns {number}
 */
export function listeningPid(rootPid, port) {
  const inodes = listeningInodes(port);
  for (const pid of familyOf(rootPid)) {
    let fds;
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1])) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  throw new Error(`no process under pid ${rootPid} listens on port ${port}`);
}

/**
 * Resident memory of a process in MB (VmRSS from /proc/<pid>/status).
 * @param {number} pid
 */
export function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

/**
 * Command line of a process, for the report.
 * @param {number} pid
 */
export function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/**
 * CPU time a process has used so far (user + system), in milliseconds.
 * @param {number} pid
 */
export function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, counted in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
