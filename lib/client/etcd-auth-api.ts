// Browser calls that change etcd's own users, roles and auth switch; errors come back as the server's ApiError.
import type { EtcdRole, EtcdUser } from '../hooks/use-etcd-auth';
import { fetchJson } from './fetcher';

const post = <T>(url: string, body?: unknown) =>
  fetchJson<T>(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
const seg = encodeURIComponent;

export type PermissionType = 'read' | 'write' | 'readwrite';

export const etcdAuthApi = {
  enable: () => post<{ enabled: boolean; note: string }>('/api/v1/etcd-auth/enable'),
  disable: () => post<{ enabled: boolean; note: string }>('/api/v1/etcd-auth/disable'),
  createUser: (name: string, password: string, roles: string[]) =>
    post<EtcdUser>('/api/v1/etcd-auth/users', { name, password, roles }),
  deleteUser: (name: string) =>
    fetchJson<{ ok: true }>(`/api/v1/etcd-auth/users/${seg(name)}`, { method: 'DELETE' }),
  setPassword: (name: string, password: string) =>
    fetchJson<{ ok: true }>(`/api/v1/etcd-auth/users/${seg(name)}/password`, {
      method: 'PUT',
      body: JSON.stringify({ password }),
    }),
  grantRole: (name: string, role: string) =>
    post<EtcdUser>(`/api/v1/etcd-auth/users/${seg(name)}/roles`, { role }),
  revokeRole: (name: string, role: string) =>
    fetchJson<EtcdUser>(`/api/v1/etcd-auth/users/${seg(name)}/roles/${seg(role)}`, { method: 'DELETE' }),
  createRole: (name: string) => post<EtcdRole>('/api/v1/etcd-auth/roles', { name }),
  deleteRole: (name: string) =>
    fetchJson<{ ok: true }>(`/api/v1/etcd-auth/roles/${seg(name)}`, { method: 'DELETE' }),
  grantPermission: (role: string, key: string, prefix: boolean, permission: PermissionType) =>
    post<EtcdRole>(`/api/v1/etcd-auth/roles/${seg(role)}/permissions`, { key, prefix, permission }),
  revokePermission: (role: string, key: string, prefix: boolean, keyEncoding: 'utf8' | 'base64') =>
    post<EtcdRole>(`/api/v1/etcd-auth/roles/${seg(role)}/permissions/revoke`, { key, prefix, keyEncoding }),
};
