/**
 * What an API key's scopes allow. `read` < `write` < `admin` form a ladder; `phi` (unredacted transcripts)
 * stands beside it and is also implied by `admin`, whose holder can already mint a `phi` key.
 */
import type { Role, Scope } from '../../platform/http/context.ts';

const LADDER: Partial<Record<Scope, number>> = { read: 0, write: 1, admin: 2 };

/** Whether a key holding `scopes` satisfies an operation (or a new key's scope) that needs `need`. */
export function keyHasScope(scopes: readonly Scope[], need: Scope): boolean {
  if (need === 'phi') return scopes.includes('phi') || scopes.includes('admin');
  const best = Math.max(-1, ...scopes.map((s) => LADDER[s] ?? -1));
  return best >= LADDER[need]!;
}

/** The most a key may carry while its maker holds `role` (null: no access to the org at all). */
export function scopesForRole(role: Role | null): Scope[] {
  switch (role) {
    case 'owner':
    case 'admin':
      return ['read', 'write', 'admin', 'phi'];
    case 'member':
      return ['read', 'write'];
    case 'viewer':
      return ['read'];
    default:
      return [];
  }
}

/**
 * A key's scopes cut down to what `allowed` permits: a ladder scope falls to the highest allowed rung
 * (an admin key of someone now a member becomes a write key), `phi` goes if not allowed. Empty when
 * nothing is left, which means the key must be revoked.
 */
export function narrowScopes(scopes: readonly Scope[], allowed: readonly Scope[]): Scope[] {
  const top = Math.max(-1, ...allowed.map((s) => LADDER[s] ?? -1));
  const out = new Set<Scope>();
  for (const s of scopes) {
    const rung = LADDER[s];
    if (rung === undefined) {
      if (allowed.includes(s)) out.add(s);
    } else if (top >= 0) {
      const kept = Math.min(rung, top);
      out.add((Object.keys(LADDER) as Scope[]).find((k) => LADDER[k] === kept)!);
    }
  }
  // Keep the contract's order, so narrowing is stable and comparable.
  return (['read', 'write', 'admin', 'phi'] as Scope[]).filter((s) => out.has(s));
}

export const sameScopes = (a: readonly Scope[], b: readonly Scope[]) => a.length === b.length && a.every((s) => b.includes(s));
