/** address:port as clients dial it; IPv6 addresses already arrive in brackets. */
export function hostPort(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}:${port}`;
}
