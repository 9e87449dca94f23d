/**
 * The navigation, as data: a new capability adds its entry here (and its route in App.tsx). Entries with
 * `soon` lead to an honest "not available yet" page until the capability ships.
 */
export interface NavItem {
  to: string;
  label: string;
  soon?: string;
  /** Shown only when the acting org is an agency (it can own child clinics). */
  agencyOnly?: boolean;
}

export interface NavSection {
  title: string;
  items: NavItem[];
}

export const NAV: NavSection[] = [
  {
    title: 'Clinic',
    items: [
      { to: '/', label: 'Overview' },
      { to: '/calls', label: 'Calls' },
      { to: '/contacts', label: 'Contacts' },
      { to: '/campaigns', label: 'Campaigns' },
      { to: '/dnc', label: 'Do-not-call list' },
      { to: '/appointments', label: 'Appointments' },
      { to: '/sms', label: 'SMS log' },
      { to: '/agents', label: 'Agents' },
      { to: '/phone-numbers', label: 'Phone numbers' },
      { to: '/knowledge', label: 'Knowledge', soon: 'Documents and FAQs your agents answer from.' },
    ],
  },
  {
    title: 'Developers',
    items: [
      { to: '/api-keys', label: 'API keys' },
      { to: '/webhooks', label: 'Webhooks', soon: 'Signed event deliveries to your own systems.' },
    ],
  },
  {
    title: 'Organization',
    items: [
      { to: '/settings', label: 'Settings' },
      { to: '/scheduling', label: 'Scheduling' },
      { to: '/members', label: 'Members' },
      { to: '/integrations', label: 'Integrations' },
      { to: '/clinics', label: 'Clinics', agencyOnly: true },
      { to: '/audit', label: 'Audit log' },
      { to: '/billing', label: 'Billing', soon: 'Usage, invoices and payment methods.' },
    ],
  },
  { title: 'Account', items: [{ to: '/security', label: 'Security' }] },
];

export const COMING_SOON: NavItem[] = NAV.flatMap((s) => s.items).filter((i) => i.soon);
