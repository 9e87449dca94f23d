import { useId } from 'react';
import { useSignedIn } from '../lib/session.tsx';

/**
 * Chooses the org every request acts on (sent as Voxanne-Org). Agencies see their child clinics grouped
 * under the agency; the choice is remembered in localStorage.
 */
export function OrgSwitcher() {
  const { orgs, acting, switchOrg } = useSignedIn();
  const id = useId();
  if (orgs.length === 1) {
    return (
      <div className="org-current">
        <span className="org-current-label">Organization</span>
        <span className="org-current-name">{acting.org.name}</span>
      </div>
    );
  }
  const direct = orgs.filter((o) => !o.via);
  return (
    <div className="org-switcher">
      <label className="org-current-label" htmlFor={id}>
        Acting as
      </label>
      <select id={id} className="select" value={acting.org.id} onChange={(e) => switchOrg(e.target.value)}>
        {direct.map((o) => {
          const children = orgs.filter((c) => c.via?.id === o.org.id);
          const own = (
            <option key={o.org.id} value={o.org.id}>
              {o.org.name}
            </option>
          );
          if (children.length === 0) return own;
          return [
            own,
            <optgroup key={`${o.org.id}-children`} label={`Clinics of ${o.org.name}`}>
              {children.map((c) => (
                <option key={c.org.id} value={c.org.id}>
                  {c.org.name}
                </option>
              ))}
            </optgroup>,
          ];
        })}
      </select>
    </div>
  );
}
