// Several subscribers usually share a prefix: ask etcd once per distinct question within one request.
export function cached<A, T>(
  compute: (arg: A) => Promise<T>,
  keyOf: (arg: A) => string,
): (arg: A) => Promise<T> {
  const results = new Map<string, Promise<T>>();
  return (arg) => {
    const key = keyOf(arg);
    let hit = results.get(key);
    if (!hit) {
      hit = compute(arg);
      results.set(key, hit);
    }
    return hit;
  };
}
