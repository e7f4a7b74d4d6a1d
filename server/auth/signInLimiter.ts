/**
 * Sign-in attempts per account: better-auth limits requests per client address, which does not stop
 * a guesser spreading one account's attempts over many addresses (or hiding behind one proxy). Here
 * every account may be tried `max` times per `windowMs`; a successful sign-in clears its count.
 * In memory: the studio is one process, and a restart only forgets the counts.
 */
export type SignInLimiter = {
  /** Counts one attempt for `account`; the seconds to wait when it is over the limit, else null. */
  attempt(account: string, now?: number): number | null;
  succeeded(account: string): void;
};

export function createSignInLimiter({ max = 10, windowMs = 10 * 60_000 } = {}): SignInLimiter {
  const attempts = new Map<string, { count: number; windowStart: number }>();
  const keyOf = (account: string) => account.trim().toLowerCase();
  return {
    attempt(account, now = Date.now()) {
      const key = keyOf(account);
      const entry = attempts.get(key);
      if (!entry || now - entry.windowStart >= windowMs) {
        attempts.set(key, { count: 1, windowStart: now });
        if (attempts.size > 100_000) for (const [k, e] of attempts) if (now - e.windowStart >= windowMs) attempts.delete(k);
        return null;
      }
      if (entry.count >= max) return Math.ceil((entry.windowStart + windowMs - now) / 1000);
      entry.count += 1;
      return null;
    },
    succeeded(account) {
      attempts.delete(keyOf(account));
    },
  };
}
