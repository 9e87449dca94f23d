import type { ReactNode } from 'react';

/** The frame of the signed-out pages: brand, one card, a footer line. */
export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth">
      <main className="auth-card" id="main">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          Voxanne
        </p>
        <h1>{title}</h1>
        {children}
      </main>
      {footer && <p className="auth-footer">{footer}</p>}
    </div>
  );
}
