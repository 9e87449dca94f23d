import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, isProblem, onSessionEnded, setActingOrg, setCsrfToken, setTestMode as setApiTestMode, type Me, type Org, type Role } from '../api.ts';

const ACTING_ORG_KEY = 'voxanne.actingOrg';
const TEST_MODE_KEY = 'voxanne.testMode';

/** An org the signed-in user can act on: one they belong to, or a child clinic of an agency they belong to. */
export interface OrgOption {
  org: Org;
  role: Role;
  /** Set when reached through the parent agency rather than a direct membership. */
  via?: Org;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; notice?: string }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; me: Me; orgs: OrgOption[]; acting: OrgOption };

interface SessionApi {
  state: SessionState;
  /** Re-read /v1/me (after sign-in, MFA enrollment, joining an org, renaming the org). */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
  switchOrg(orgId: string): void;
  /** Test mode: the dashboard shows and creates test data only (decision 0012), like Stripe's test-mode switch. */
  testMode: boolean;
  setTestMode(on: boolean): void;
}

const SessionContext = createContext<SessionApi | null>(null);

function readStoredOrg(): string | null {
  try {
    return window.localStorage.getItem(ACTING_ORG_KEY);
  } catch {
    return null; // storage disabled (private mode policies): fall back to the first org
  }
}

export function storeOrg(orgId: string): void {
  try {
    window.localStorage.setItem(ACTING_ORG_KEY, orgId);
  } catch {
    // not persisted across reloads, but the switch still applies to this tab
  }
}

function readTestMode(): boolean {
  try {
    return window.localStorage.getItem(TEST_MODE_KEY) === 'true';
  } catch {
    return false;
  }
}

function storeTestMode(on: boolean): void {
  try {
    window.localStorage.setItem(TEST_MODE_KEY, String(on));
  } catch {
    // this tab only
  }
}

/** Direct memberships first, then each agency's children, which the agency's members act on with its role. */
async function loadOrgOptions(me: Me): Promise<OrgOption[]> {
  const options: OrgOption[] = me.memberships.map((m) => ({ org: m.org, role: m.role }));
  if (me.mfa_enrollment_required) return options; // org endpoints refuse until enrolled
  for (const m of me.memberships.filter((x) => x.org.kind === 'agency')) {
    try {
      const children = await api.listChildOrgs(undefined, m.org.id);
      for (const child of children.data) {
        if (!options.some((o) => o.org.id === child.id)) options.push({ org: child, role: m.role, via: m.org });
      }
    } catch {
      // The switcher still works for direct memberships; the Clinics page shows the actual error.
    }
  }
  return options;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [testMode, setTestModeState] = useState(() => {
    const on = readTestMode();
    setApiTestMode(on);
    return on;
  });
  const setTestMode = useCallback((on: boolean) => {
    storeTestMode(on);
    setApiTestMode(on);
    setTestModeState(on);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const me = await api.me();
      setCsrfToken(me.csrf_token);
      const orgs = await loadOrgOptions(me);
      const stored = readStoredOrg();
      const acting = orgs.find((o) => o.org.id === stored) ?? orgs[0];
      if (!acting) {
        setState({ status: 'error', error: new Error('This account does not belong to any org.') });
        return;
      }
      setActingOrg(acting.org.id);
      setState({ status: 'ready', me, orgs, acting });
    } catch (error) {
      if (isProblem(error) && error.status === 401) setState({ status: 'anonymous' });
      else setState({ status: 'error', error });
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onSessionEnded((problem) => {
      setCsrfToken(undefined);
      setState({ status: 'anonymous', notice: problem.detail ?? 'Your session has ended. Sign in again.' });
    });
  }, [refresh]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch (error) {
      // Already signed out elsewhere is still signed out; anything else is worth showing.
      if (!(isProblem(error) && error.status === 401)) throw error;
    }
    setCsrfToken(undefined);
    setState({ status: 'anonymous', notice: 'You have signed out.' });
  }, []);

  const switchOrg = useCallback(
    (orgId: string) => {
      if (state.status !== 'ready') return;
      const acting = state.orgs.find((o) => o.org.id === orgId);
      if (!acting) return;
      storeOrg(orgId);
      setActingOrg(orgId);
      setState({ ...state, acting });
    },
    [state],
  );

  const value = useMemo(() => ({ state, refresh, signOut, switchOrg, testMode, setTestMode }), [state, refresh, signOut, switchOrg, testMode, setTestMode]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}

/** For pages inside the signed-in layout, where the session is known to be ready. */
export function useSignedIn() {
  const { state, ...rest } = useSession();
  if (state.status !== 'ready') throw new Error('useSignedIn needs a signed-in session');
  return { ...state, ...rest };
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
export const hasRole = (role: Role, needed: Role) => RANK[role] >= RANK[needed];
