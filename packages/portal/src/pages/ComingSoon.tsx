import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import type { NavItem } from '../nav.ts';

/** A capability on the roadmap: said plainly, with no sample data dressed up as real. */
export function ComingSoon({ item }: { item: NavItem }) {
  return (
    <>
      <PageHeader title={item.label} />
      <EmptyState title="Coming soon — not available yet">
        <p>{item.soon}</p>
        <p>This part of Voxanne is not built yet, so there is nothing to show here.</p>
      </EmptyState>
    </>
  );
}
