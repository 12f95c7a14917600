import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import * as api from '../api/endpoints';
import { PatientList } from '../clinical/patient-list';
import { PatientPanel } from '../clinical/patient-panel';
import { AsyncView } from '../components/async-view';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { DocumentsPanel } from '../documents/documents-panel';
import { VideoSessionsPanel } from '../video/video-sessions-panel';

/**
 * `/nurse/pazienti/:patientId` (and the doctor's): the tenant's patients beside the chosen
 * patient's record. The patient is read on its own, so a link from the worklist works for a
 * patient beyond the first page of the directory too.
 */
export function ClinicianPatientPage() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const patients = useApi((signal) => api.listPatients(signal), []);
  const patient = useApi((signal) => api.getPatient(patientId, signal), [patientId]);
  const pathways = useApi((signal) => api.listPathways(signal), []);
  return (
    <>
      <PageHeading title={t('clinical.patientPageTitle')} />
      <div className="desk desk--has-selection">
        <div className="desk__side">
          <AsyncView resource={patients}>
            {(items) => <PatientList patients={items} selectedId={patientId} />}
          </AsyncView>
        </div>
        <div className="desk__detail">
          <AsyncView resource={patient}>
            {(found) => (
              <>
                <PatientPanel
                  key={found.id}
                  patient={found}
                  pathways={pathways.state.status === 'ready' ? pathways.state.data : null}
                />
                <VideoSessionsPanel key={`video-${found.id}`} patient={found} />
                <DocumentsPanel key={`documents-${found.id}`} patient={found} />
              </>
            )}
          </AsyncView>
        </div>
      </div>
    </>
  );
}
