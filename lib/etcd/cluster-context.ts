// Which configured cluster the current request talks to: the X-Etcd-Cluster header, else the etcd_cluster cookie.
import { ApiError } from '../api/errors';
import { requestContext } from '../auth/context';
import { CLUSTER_COOKIE, CLUSTER_HEADER, type ClusterProfile, readClusterProfiles } from './profiles';

const holder = globalThis as typeof globalThis & { __clusterProfiles?: ClusterProfile[] };

export function clusterProfiles(): ClusterProfile[] {
  holder.__clusterProfiles ??= readClusterProfiles();
  return holder.__clusterProfiles;
}

/** Tests switch configurations between suites. */
export function resetClusterProfiles(): void {
  delete holder.__clusterProfiles;
}

export function defaultClusterName(): string {
  return clusterProfiles()[0]!.name;
}

export function currentClusterName(): string {
  return requestContext()?.cluster ?? defaultClusterName();
}

export function clusterProfile(name: string): ClusterProfile {
  const profile = clusterProfiles().find((p) => p.name === name);
  if (!profile) throw new ApiError('bad_request', `No cluster profile named ${JSON.stringify(name)}.`);
  return profile;
}

function cookieValue(header: string | null, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** The profile a request asks for; an unknown name in the header is a 400, a stale cookie falls back to the default. */
export function clusterForRequest(request: Request): string {
  const header = request.headers.get(CLUSTER_HEADER);
  if (header) return clusterProfile(header).name;
  const cookie = cookieValue(request.headers.get('cookie'), CLUSTER_COOKIE);
  if (cookie && clusterProfiles().some((p) => p.name === cookie)) return cookie;
  return defaultClusterName();
}
