import type { Role } from '../api.ts';

export const ROLES: { value: Role; label: string }[] = [
  { value: 'owner', label: 'Owner' },
  { value: 'admin', label: 'Admin' },
  { value: 'member', label: 'Member' },
  { value: 'viewer', label: 'Viewer' },
];

export const roleLabel = (role: Role) => ROLES.find((r) => r.value === role)?.label ?? role;
