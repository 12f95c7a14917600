import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import * as api from '../api/endpoints';
import type { Enrolment } from '../api/types';
import { EnrolmentCard } from '../clinical/enrolment-card';
import { PatientFacts } from '../clinical/patient-facts';
import { AsyncView } from '../components/async-view';
import { PatientTasks } from '../forms/patient-tasks';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { humanise } from '../i18n/i18n';
import { useInbox } from '../patient/inbox-context';
import { useEnrolmentUpdates } from '../realtime/realtime-context';
import { useUser } from '../session/session-context';
import { PatientVideoVisits } from '../video/patient-video-visits';

/** The patient portal's home: built for a phone first. */
export function PatientHomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const profile = useApi((signal) => api.myPatient(signal), []);
  const enrolments = useApi((signal) => api.myEnrolments(signal), []);
  const { reload } = enrolments;
  useEnrolmentUpdates((event) => {
    if (user.patientId === null || event.patientId === user.patientId) reload();
  });

  const givenName =
    profile.state.status === 'ready' ? profile.state.data.givenName : user.displayName;

  return (
    <>
      <PageHeading title={t('patient.title')} intro={t('patient.intro')} />
      <p className="greeting">
        {t(new Date().getHours() < 17 ? 'patient.greetingMorning' : 'patient.greetingEvening', {
          name: givenName,
        })}
      </p>
      <UnreadMessages />
      <PatientVideoVisits />
      <PatientTasks patientId={user.patientId} />
      <div className="patient-home">
        <section className="patient-home__enrolments" aria-labelledby="my-enrolments">
          <h2 id="my-enrolments">{t('patient.myEnrolments')}</h2>
          <AsyncView resource={enrolments}>{(items) => <MyEnrolments items={items} />}</AsyncView>
        </section>
        <section className="panel" aria-labelledby="my-profile">
          <h2 id="my-profile">{t('patient.profile')}</h2>
          <AsyncView resource={profile}>
            {(patient) => (
              <>
                <p className="patient-home__name">
                  {patient.givenName} {patient.familyName}
                </p>
                <PatientFacts patient={patient} />
              </>
            )}
          </AsyncView>
        </section>
      </div>
    </>
  );
}

/** The patient cannot list pathway definitions: the title comes with the enrolment itself. */
function MyEnrolments({ items }: { items: Enrolment[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (items.length === 0) return <p className="empty">{t('patient.noEnrolments')}</p>;
  return (
    <ul className="enrolment-list">
      {[...items]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((enrolment) => (
          <li key={enrolment.id}>
            <EnrolmentCard
              enrolment={enrolment}
              pathwayTitle={
                localized(enrolment.pathwayTitle, language) || humanise(enrolment.pathwayId)
              }
              headingLevel="h3"
              loadDetail={api.myEnrolment}
            />
          </li>
        ))}
    </ul>
  );
}

/** "Hai 2 messaggi da leggere": a way into the inbox from the first screen. */
function UnreadMessages() {
  const { t } = useTranslation();
  const inbox = useInbox();
  if (!inbox?.unread) return null;
  return (
    <Link to="/patient/messaggi" className="unread-teaser" data-testid="unread-teaser">
      {t('messages.teaser', { count: inbox.unread })} →
    </Link>
  );
}
