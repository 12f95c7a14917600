import { useTranslation } from 'react-i18next';
import type { Enrolment, EnrolmentDetail, EnrolmentEvent, PathwayStepSummary } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { Icon } from '../components/icon';
import { StatusBadge } from '../components/status-badge';
import { useApi } from '../components/use-api';
import { useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { humanise, translateOptional, type Language } from '../i18n/i18n';
import { useEnrolmentUpdates } from '../realtime/realtime-context';

type HeadingLevel = 'h3' | 'h4';

interface EnrolmentCardProps {
  enrolment: Enrolment;
  pathwayTitle: string;
  headingLevel: HeadingLevel;
  /** Clinicians read /api/enrolments/:id, the patient /api/me/enrolments/:id. */
  loadDetail(id: string, signal: AbortSignal): Promise<EnrolmentDetail>;
}

/** The step's title from the pathway definition, in the user's language. */
function stepLabeller(steps: PathwayStepSummary[], language: Language): (stepId: string) => string {
  const titles = new Map(steps.map((s) => [s.id, s.title[language]]));
  return (stepId) => titles.get(stepId) ?? translateOptional(`steps.${stepId}`, humanise(stepId));
}

/** A recorded step carries its own message ({ it, en }) in the payload; otherwise the kind is translated. */
function eventLabel(event: EnrolmentEvent, language: Language): string {
  const payload = event.payload;
  if (typeof payload === 'object' && payload !== null && 'message' in payload) {
    const message = payload.message;
    if (typeof message === 'object' && message !== null) {
      const text = (message as Partial<Record<Language, unknown>>)[language];
      if (typeof text === 'string' && text) return text;
    }
  }
  return translateOptional(`eventKinds.${event.kind}`, humanise(event.kind));
}

/**
 * One enrolment: pathway, status, dates, the steps done and in progress, and its history.
 * It reloads itself when the server pushes `enrolment.updated` for it.
 */
export function EnrolmentCard({
  enrolment,
  pathwayTitle,
  headingLevel: Heading,
  loadDetail,
}: EnrolmentCardProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const detail = useApi((signal) => loadDetail(enrolment.id, signal), [enrolment.id]);
  const { reload } = detail;
  useEnrolmentUpdates((event) => {
    if (event.enrolmentId === enrolment.id) reload();
  });

  const current = detail.state.status === 'ready' ? detail.state.data.enrolment : enrolment;

  return (
    <article
      className="card enrolment"
      aria-labelledby={`enrolment-${enrolment.id}`}
      data-enrolment-id={enrolment.id}
    >
      <div className="enrolment__head">
        <Heading className="enrolment__title" id={`enrolment-${enrolment.id}`}>
          {pathwayTitle}
        </Heading>
        <StatusBadge status={current.status} />
      </div>
      <p className="enrolment__dates">
        <span>
          {t('enrolment.startedAt')} {formatDateTime(current.createdAt, language)}
        </span>
        {current.completedAt && (
          <span>
            {t('enrolment.completedAt')} {formatDateTime(current.completedAt, language)}
          </span>
        )}
        <span className="muted">{t('enrolment.version', { version: current.pathwayVersion })}</span>
      </p>
      {detail.state.status === 'error' && (
        <ErrorMessage error={detail.state.error} onRetry={reload} />
      )}
      {detail.state.status === 'loading' && (
        <p className="loading loading--inline" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('app.loading')}
        </p>
      )}
      {detail.state.status === 'ready' && <EnrolmentProgress detail={detail.state.data} />}
    </article>
  );
}

function EnrolmentProgress({ detail }: { detail: EnrolmentDetail }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const stepLabel = stepLabeller(detail.steps, language);
  const { live, events } = detail;
  const completed = live?.completedSteps ?? [];
  const currentStep = detail.enrolment.status === 'active' ? live?.currentStepId : null;
  const showSteps = live !== null || detail.enrolment.status === 'active';
  return (
    <>
      {showSteps && (
        <div className="steps">
          <p className="steps__title">{t('enrolment.steps')}</p>
          {live === null && detail.enrolment.status === 'active' && (
            <p className="muted">{t('enrolment.liveUnavailable')}</p>
          )}
          {(completed.length > 0 || currentStep) && (
            <ol className="steps__list">
              {completed.map((stepId) => (
                <li key={stepId} className="step step--done">
                  <span className="step__marker" aria-hidden="true">
                    <Icon name="check" size={14} />
                  </span>
                  <span>
                    {stepLabel(stepId)}
                    <span className="visually-hidden"> ({t('enrolment.completedSteps')})</span>
                  </span>
                </li>
              ))}
              {currentStep && (
                <li className="step step--current" aria-current="step">
                  <span className="step__marker" aria-hidden="true" />
                  <span>{stepLabel(currentStep)}</span>
                  <span className="step__note">
                    <span className="visually-hidden">, </span>
                    {t('enrolment.currentStep')}
                  </span>
                </li>
              )}
            </ol>
          )}
          {live !== null && completed.length === 0 && !currentStep && (
            <p className="muted">{t('enrolment.noSteps')}</p>
          )}
        </div>
      )}
      <details className="history">
        <summary>
          {t('enrolment.events')} <span className="muted">({events.length})</span>
        </summary>
        {events.length === 0 ? (
          <p className="muted">{t('enrolment.noEvents')}</p>
        ) : (
          <EventList events={events} stepLabel={stepLabel} />
        )}
      </details>
    </>
  );
}

function EventList({
  events,
  stepLabel,
}: {
  events: EnrolmentEvent[];
  stepLabel: (stepId: string) => string;
}) {
  const language = useLanguage();
  const newestFirst = [...events].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <ol className="history__list">
      {newestFirst.map((event) => (
        <li key={event.id} className="history__item">
          <time dateTime={event.at} className="history__time">
            {formatDateTime(event.at, language)}
          </time>
          <span className="history__kind">{eventLabel(event, language)}</span>
          {event.stepId && <span className="history__step">{stepLabel(event.stepId)}</span>}
        </li>
      ))}
    </ol>
  );
}
