import type { Role } from '../api/types';

export type NavLabelKey =
  | 'nav.designer'
  | 'nav.designerWorkbench'
  | 'nav.designerForms'
  | 'nav.nurse'
  | 'nav.doctor'
  | 'nav.patient'
  | 'nav.manager'
  | 'nav.adminUsers'
  | 'nav.adminSystem';

export interface Section {
  path: string;
  label: NavLabelKey;
  icon: 'pathways' | 'patients' | 'me' | 'chart' | 'users' | 'status' | 'forms';
}

/** Each role's sections, in nav order; the first is the role's home. */
export const sectionsByRole: Record<Role, readonly [Section, ...Section[]]> = {
  designer: [
    { path: '/designer', label: 'nav.designer', icon: 'pathways' },
    { path: '/designer/questionari', label: 'nav.designerForms', icon: 'forms' },
    { path: '/designer/workbench', label: 'nav.designerWorkbench', icon: 'status' },
  ],
  nurse: [{ path: '/nurse', label: 'nav.nurse', icon: 'patients' }],
  doctor: [{ path: '/doctor', label: 'nav.doctor', icon: 'patients' }],
  patient: [{ path: '/patient', label: 'nav.patient', icon: 'me' }],
  manager: [{ path: '/manager', label: 'nav.manager', icon: 'chart' }],
  admin: [
    { path: '/admin', label: 'nav.adminUsers', icon: 'users' },
    { path: '/admin/system', label: 'nav.adminSystem', icon: 'status' },
  ],
};

export function homePath(role: Role): string {
  return sectionsByRole[role][0].path;
}

/** Whether `pathname` lies inside one of the role's sections (used to honour a deep link after login). */
export function roleMayOpen(role: Role, pathname: string): boolean {
  return sectionsByRole[role].some(
    (section) => pathname === section.path || pathname.startsWith(`${section.path}/`),
  );
}
