import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NAV } from '../nav.ts';
import { Link, useLocation } from '../lib/router.tsx';
import { useSignedIn } from '../lib/session.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { OrgSwitcher } from './OrgSwitcher.tsx';
import { TestModeSwitch } from './TestModeSwitch.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

const isActive = (path: string, to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));

/** The signed-in frame: header (org switcher, account), navigation and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { me, acting, signOut, testMode } = useSignedIn();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signOutError, setSignOutError] = useState<unknown>(null);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After navigating, close the mobile menu and move focus to the new page's heading.
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);

  const sections = NAV.map((s) => ({ ...s, items: s.items.filter((i) => !i.agencyOnly || acting.org.kind === 'agency') }));

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-start">
          <button
            type="button"
            className="button button-ghost menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="primary-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            Menu
          </button>
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              V
            </span>
            Voxanne
          </Link>
        </div>
        <OrgSwitcher />
        <TestModeSwitch />
        <div className="topbar-account">
          <span className="account-name" title={me.user.email}>
            {me.user.name}
          </span>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => signOut().catch((e: unknown) => setSignOutError(e))}
          >
            Sign out
          </button>
        </div>
      </header>
      {testMode && (
        <div className="test-mode-banner" data-testid="test-mode-banner">
          <strong>Test mode.</strong> You are seeing and creating test data only: calls run on the simulator, texts stay in the
          local outbox, and nothing reaches a patient, a phone or a calendar.
        </div>
      )}
      {signOutError != null && (
        <div className="banner">
          <ProblemAlert error={signOutError} title="Could not sign out" />
        </div>
      )}
      <div className="body">
        <nav id="primary-nav" className={menuOpen ? 'sidenav open' : 'sidenav'} aria-label="Main">
          {sections.map((section) => (
            <div key={section.title} className="nav-section">
              <p className="nav-title">{section.title}</p>
              <ul>
                {section.items.map((item) => (
                  <li key={item.to}>
                    <Link to={item.to} className="nav-link" aria-current={isActive(path, item.to) ? 'page' : undefined}>
                      {item.label}
                      {item.soon && <span className="badge badge-muted">Soon</span>}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" ref={main} className="main" tabIndex={-1}>
          <ErrorBoundary scope="page" key={`${path}:${acting.org.id}:${testMode ? 'test' : 'live'}`}>
            {children}
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
