import type { Role } from '../api/types';

export type NavLabelKey =
  | 'nav.designer'
  | 'nav.designerWorkbench'
  | 'nav.designerForms'
  | 'nav.nurse'
  | 'nav.doctor'
  | 'nav.patient'
  | 'nav.patientReadings'
  | 'nav.patientTrends'
  | 'nav.patientMessages'
  | 'nav.manager'
  | 'nav.adminUsers'
  | 'nav.adminSystem'
  | 'nav.designerDocuments'
  | 'nav.patientDocuments'
  | 'nav.adminDocuments';

export interface Section {
  path: string;
  label: NavLabelKey;
  icon:
    | 'pathways'
    | 'patients'
    | 'me'
    | 'chart'
    | 'users'
    | 'status'
    | 'forms'
    | 'console'
    | 'reading'
    | 'trend'
    | 'message';
  /** A number shown beside the label (the unread messages). */
  counter?: 'unreadMessages';
}

/** Each role's sections, in nav order; the first is the role's home. */
export const sectionsByRole: Record<Role, readonly [Section, ...Section[]]> = {
  designer: [
    { path: '/designer', label: 'nav.designer', icon: 'pathways' },
    { path: '/designer/questionari', label: 'nav.designerForms', icon: 'forms' },
    { path: '/designer/documenti', label: 'nav.designerDocuments', icon: 'forms' },
    { path: '/designer/workbench', label: 'nav.designerWorkbench', icon: 'status' },
  ],
  // The console holds the patient directory too: a patient's page lives under it.
  nurse: [{ path: '/nurse', label: 'nav.nurse', icon: 'console' }],
  doctor: [{ path: '/doctor', label: 'nav.doctor', icon: 'console' }],
  patient: [
    { path: '/patient', label: 'nav.patient', icon: 'me' },
    { path: '/patient/misurazioni', label: 'nav.patientReadings', icon: 'reading' },
    { path: '/patient/andamento', label: 'nav.patientTrends', icon: 'trend' },
    {
      path: '/patient/messaggi',
      label: 'nav.patientMessages',
      icon: 'message',
      counter: 'unreadMessages',
    },
    { path: '/patient/documenti', label: 'nav.patientDocuments', icon: 'forms' },
  ],
  manager: [{ path: '/manager', label: 'nav.manager', icon: 'chart' }],
  admin: [
    { path: '/admin', label: 'nav.adminUsers', icon: 'users' },
    { path: '/admin/system', label: 'nav.adminSystem', icon: 'status' },
    { path: '/admin/documenti', label: 'nav.adminDocuments', icon: 'forms' },
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
