import type { Db } from '../connection.js';
import { AuditStore } from './audit-store.js';
import { CareStore } from './care-store.js';
import { DeviceStore } from './device-store.js';
import { DocumentStore } from './document-store.js';
import { EnrolmentStore } from './enrolment-store.js';
import { FormStore } from './form-store.js';
import { NotificationStore } from './notification-store.js';
import { PathwayVersionStore } from './pathway-version-store.js';
import { PatientStore } from './patient-store.js';
import { ReportStore } from './report-store.js';
import { TenantStore } from './tenant-store.js';
import { UserStore } from './user-store.js';
import { VideoStore } from './video-store.js';
import { WorklistStore } from './worklist-store.js';

export interface Stores {
  tenants: TenantStore;
  users: UserStore;
  patients: PatientStore;
  audit: AuditStore;
  enrolments: EnrolmentStore;
  care: CareStore;
  pathwayVersions: PathwayVersionStore;
  forms: FormStore;
  devices: DeviceStore;
  documents: DocumentStore;
  notifications: NotificationStore;
  worklist: WorklistStore;
  video: VideoStore;
  reports: ReportStore;
}

export function createStores(db: Db): Stores {
  return {
    tenants: new TenantStore(db),
    users: new UserStore(db),
    patients: new PatientStore(db),
    audit: new AuditStore(db),
    enrolments: new EnrolmentStore(db),
    care: new CareStore(db),
    pathwayVersions: new PathwayVersionStore(db),
    forms: new FormStore(db),
    devices: new DeviceStore(db),
    documents: new DocumentStore(db),
    notifications: new NotificationStore(db),
    worklist: new WorklistStore(db),
    video: new VideoStore(db),
    reports: new ReportStore(db),
  };
}
