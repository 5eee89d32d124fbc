/** Lease IDs travel as decimal strings; etcdctl prints them in hexadecimal, which is what operators recognise. */
export function leaseHex(decimal: string): string {
  try {
    return BigInt(decimal).toString(16);
  } catch {
    return decimal;
  }
}
