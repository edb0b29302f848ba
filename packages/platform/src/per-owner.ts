/**
 * One X per owner object (a platform, a database client, a set of queues), made on first use and
 * dropped with its owner: `const cacheOf = perOwner(() => new Map()); cacheOf(platform)`.
 * Owners are held weakly, so a closed platform's state goes with it.
 */
export function perOwner<Owner extends object, T>(make: (owner: Owner) => T): (owner: Owner) => T {
  const byOwner = new WeakMap<Owner, T>();
  return (owner) => {
    if (byOwner.has(owner)) return byOwner.get(owner) as T;
    const made = make(owner);
    byOwner.set(owner, made);
    return made;
  };
}
