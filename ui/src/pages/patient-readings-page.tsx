import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/api-error';
import * as api from '../api/endpoints';
import type { Measurement, Monitoring, ReadingReply } from '../api/types';
import { AsyncView } from '../components/async-view';
import { describeError } from '../components/error-message';
import { PageHeading } from '../components/page-heading';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { formatNumber } from '../i18n/format';
import type { Language } from '../i18n/i18n';
import { formatQuantity, unitLabel } from '../monitoring/vital-format';
import { clockTime } from '../worklist/countdown';

interface Plan {
  enrolmentId: string;
  title: string;
  /** Values the patient can measure and type in (quantities; scores come from questionnaires). */
  measurements: Measurement[];
}

function plansOf(monitoring: Monitoring, language: Language): Plan[] {
  const plans = new Map<string, Plan>();
  for (const m of monitoring.measurements) {
    if (!m.unit) continue;
    const plan = plans.get(m.enrolmentId) ?? {
      enrolmentId: m.enrolmentId,
      title: localized(m.pathwayTitle, language),
      measurements: [],
    };
    if (!plan.measurements.some((x) => x.dataPoint === m.dataPoint)) plan.measurements.push(m);
    plans.set(m.enrolmentId, plan);
  }
  return [...plans.values()];
}

/** "95", "37,5", "37.5" → number; anything else → null. */
function parseValue(text: string): number | null {
  const clean = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return null;
  const value = Number(clean);
  return Number.isFinite(value) ? value : null;
}

/** The engine's reason in the patient's words, when we recognise it. */
function refusalText(
  message: string,
  measurement: Measurement | undefined,
  t: TFunction,
  language: Language,
): string {
  const range =
    /(?:outside the possible range|fuori dall'intervallo possibile)\s+(-?[\d.]+)\s*[–-]\s*(-?[\d.]+)/.exec(
      message,
    );
  if (range && measurement) {
    return t('readings.refusedRange', {
      min: formatNumber(Number(range[1]), language),
      max: formatNumber(Number(range[2]), language),
      unit: unitLabel(measurement.unit),
    });
  }
  return message.replace(/^[a-zA-Z][a-zA-Z0-9]*: /, '');
}

/**
 * The patient sends their readings from a phone: one screen per value the plan asks for, with
 * a big numeric field and the possible range, then a review and "Invia". The server's answer
 * is shown plainly: "Inviato", the reason for a refused value at that value, and, when a value
 * raised an alert, a calm word that the centre has been told.
 */
export function PatientReadingsPage() {
  const { t } = useTranslation();
  const monitoring = useApi((signal) => api.myMonitoring(signal), []);
  return (
    <>
      <PageHeading title={t('readings.title')} intro={t('readings.intro')} />
      <AsyncView resource={monitoring}>{(data) => <Readings monitoring={data} />}</AsyncView>
    </>
  );
}

function Readings({ monitoring }: { monitoring: Monitoring }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const plans = plansOf(monitoring, language);
  const [chosen, setChosen] = useState<string | null>(null);
  const plan = plans.length === 1 ? plans[0] : plans.find((p) => p.enrolmentId === chosen);

  if (plans.length === 0) return <p className="empty">{t('readings.noPlan')}</p>;
  if (!plan) {
    return (
      <section className="reading-flow" aria-labelledby="choose-plan">
        <h2 id="choose-plan">{t('readings.choosePlan')}</h2>
        <ul className="plan-choice">
          {plans.map((p) => (
            <li key={p.enrolmentId}>
              <button
                type="button"
                className="card plan-choice__button"
                onClick={() => setChosen(p.enrolmentId)}
              >
                <span className="plan-choice__title">{p.title}</span>
                <span className="muted">
                  {p.measurements.map((m) => localized(m.title, language)).join(' · ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <ReadingFlow
      key={plan.enrolmentId}
      plan={plan}
      onBack={plans.length > 1 ? () => setChosen(null) : null}
    />
  );
}

type Sent = { reply: ReadingReply; at: string };

function ReadingFlow({ plan, onBack }: { plan: Plan; onBack: (() => void) | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const id = useId();
  const total = plan.measurements.length;
  const [step, setStep] = useState(0);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [skipped, setSkipped] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (sent) doneHeading.current?.focus();
  }, [sent]);

  const measurement = plan.measurements[step];

  function check(m: Measurement): string | null {
    const text = texts[m.dataPoint] ?? '';
    if (!text.trim()) return t('readings.required');
    const value = parseValue(text);
    if (value === null) return t('readings.notNumber');
    if ((m.min !== null && value < m.min) || (m.max !== null && value > m.max)) {
      return t('readings.outOfRange', {
        min: formatNumber(m.min ?? value, language),
        max: formatNumber(m.max ?? value, language),
        unit: unitLabel(m.unit),
      });
    }
    return null;
  }

  function next(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!measurement) return;
    const problem = check(measurement);
    setErrors((before) => {
      const after = { ...before };
      if (problem) after[measurement.dataPoint] = problem;
      else delete after[measurement.dataPoint];
      return after;
    });
    if (problem) return;
    setSkipped((before) => {
      const after = new Set(before);
      after.delete(measurement.dataPoint);
      return after;
    });
    setStep(step + 1);
  }

  function skip() {
    if (!measurement) return;
    setSkipped((before) => new Set(before).add(measurement.dataPoint));
    setErrors((before) => {
      const after = { ...before };
      delete after[measurement.dataPoint];
      return after;
    });
    setStep(step + 1);
  }

  const filled = plan.measurements.filter(
    (m) => !skipped.has(m.dataPoint) && parseValue(texts[m.dataPoint] ?? '') !== null,
  );

  async function send() {
    const values = Object.fromEntries(
      filled.map((m) => [m.dataPoint, parseValue(texts[m.dataPoint] ?? '') as number]),
    );
    if (filled.length === 0) {
      setGeneral(t('readings.nothing'));
      return;
    }
    setBusy(true);
    setGeneral(null);
    try {
      const reply = await api.sendReading(plan.enrolmentId, values);
      setSent({ reply, at: new Date().toISOString() });
    } catch (error) {
      const fieldErrors: Record<string, string> = {};
      const other: string[] = [];
      if (error instanceof ApiError && error.status === 400) {
        for (const problem of error.fieldErrors) {
          const name = /^body\.values\.([a-zA-Z0-9]+)$/.exec(problem.path)?.[1];
          const m = plan.measurements.find((x) => x.dataPoint === name);
          if (name && m) fieldErrors[name] = refusalText(problem.message, m, t, language);
          else other.push(problem.message);
        }
      }
      const refused = plan.measurements.findIndex((m) => m.dataPoint in fieldErrors);
      setErrors(fieldErrors);
      if (refused >= 0) {
        // Back to the refused value, with the reason at the field.
        setStep(refused);
        setGeneral(null);
      } else {
        setGeneral(
          error instanceof ApiError && error.kind === 'network'
            ? t('readings.network')
            : other.length
              ? `${t('readings.refused')} ${other.join(' ')}`
              : describeError(error, t),
        );
      }
    } finally {
      setBusy(false);
    }
  }

  function again() {
    setTexts({});
    setSkipped(new Set());
    setErrors({});
    setGeneral(null);
    setSent(null);
    setStep(0);
  }

  if (sent) {
    const alerted = sent.reply.alertsRaised.length > 0;
    return (
      <section
        className="reading-flow reading-done"
        aria-labelledby={`${id}-done`}
        data-testid="reading-sent"
      >
        <div className="reading-done__mark" aria-hidden="true">
          ✓
        </div>
        <h2 id={`${id}-done`} ref={doneHeading} tabIndex={-1} className="reading-done__title">
          {t('readings.sent')}
        </h2>
        <p>{t('readings.sentAt', { time: clockTime(sent.at, language) })}</p>
        <ul className="reading-done__values">
          {filled.map((m) => (
            <li key={m.dataPoint}>
              {localized(m.title, language)}:{' '}
              <strong>
                {formatQuantity(parseValue(texts[m.dataPoint] ?? '') ?? 0, m.unit, language)}
              </strong>
            </li>
          ))}
        </ul>
        {alerted ? (
          <div className="calm-notice" role="status" data-testid="centre-alerted">
            <p className="calm-notice__title">{t('readings.alerted')}</p>
            <p>{t('readings.alertedText')}</p>
          </div>
        ) : (
          <p className="alert alert--success" role="status">
            {t('readings.recorded')}
          </p>
        )}
        <div className="reading-done__actions">
          <Link to="/patient" className="button button--primary button--block">
            {t('readings.backHome')}
          </Link>
          <Link to="/patient/andamento" className="button button--secondary button--block">
            {t('readings.seeTrends')}
          </Link>
          <button type="button" className="button button--ghost button--block" onClick={again}>
            {t('readings.another')}
          </button>
        </div>
      </section>
    );
  }

  if (measurement) {
    const error = errors[measurement.dataPoint];
    const unit = unitLabel(measurement.unit);
    const inputId = `${id}-${measurement.dataPoint}`;
    return (
      <section className="reading-flow" aria-labelledby={`${id}-plan`}>
        <p className="reading-flow__plan" id={`${id}-plan`}>
          {plan.title}
        </p>
        <p className="reading-flow__step">
          {t('readings.step', { current: step + 1, total: total + 1 })}
        </p>
        <form key={measurement.dataPoint} className="reading-step" onSubmit={next} noValidate>
          <label htmlFor={inputId} className="reading-step__label">
            {localized(measurement.title, language)}
          </label>
          <div className={`big-input${error ? ' big-input--invalid' : ''}`}>
            <input
              id={inputId}
              name={measurement.dataPoint}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              enterKeyHint="next"
              value={texts[measurement.dataPoint] ?? ''}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={`${inputId}-hint${error ? ` ${inputId}-error` : ''}`}
              onChange={(event) =>
                setTexts((before) => ({ ...before, [measurement.dataPoint]: event.target.value }))
              }
              // Each screen asks for one number: the keyboard opens on it.
              autoFocus
            />
            {unit && <span className="big-input__unit">{unit}</span>}
          </div>
          <p className="reading-step__hint" id={`${inputId}-hint`}>
            {measurement.min !== null && measurement.max !== null
              ? t('readings.range', {
                  min: formatNumber(measurement.min, language),
                  max: formatNumber(measurement.max, language),
                  unit,
                })
              : t('readings.unit', { unit })}
          </p>
          {error && (
            <p className="reading-step__error" id={`${inputId}-error`} role="alert">
              {error}
            </p>
          )}
          <div className="reading-step__actions">
            <button type="submit" className="button button--primary button--block button--large">
              {step + 1 === total ? t('readings.review') : t('readings.next')}
            </button>
            <button type="button" className="button button--ghost button--block" onClick={skip}>
              {t('readings.skip')}
            </button>
            {(step > 0 || onBack) && (
              <button
                type="button"
                className="button button--ghost button--block"
                onClick={() => (step > 0 ? setStep(step - 1) : onBack?.())}
              >
                {t('readings.back')}
              </button>
            )}
          </div>
        </form>
      </section>
    );
  }

  // Review: every value, with "Correggi", then "Invia".
  return (
    <section className="reading-flow" aria-labelledby={`${id}-review`}>
      <p className="reading-flow__plan">{plan.title}</p>
      <p className="reading-flow__step">
        {t('readings.step', { current: total + 1, total: total + 1 })}
      </p>
      <h2 id={`${id}-review`}>{t('readings.reviewTitle')}</h2>
      <ul className="review-list">
        {plan.measurements.map((m, index) => {
          const value = skipped.has(m.dataPoint) ? null : parseValue(texts[m.dataPoint] ?? '');
          return (
            <li key={m.dataPoint} className="review-list__item">
              <span className="review-list__name">{localized(m.title, language)}</span>
              <span className="review-list__value">
                {value === null ? (
                  <span className="muted">{t('readings.notEntered')}</span>
                ) : (
                  formatQuantity(value, m.unit, language)
                )}
              </span>
              <button
                type="button"
                className="button button--ghost button--small"
                onClick={() => setStep(index)}
              >
                {t('readings.edit')}
                <span className="visually-hidden">: {localized(m.title, language)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {general && (
        <p className="reading-step__error" role="alert">
          {general}
        </p>
      )}
      <div className="reading-step__actions">
        <button
          type="button"
          className="button button--primary button--block button--large"
          onClick={() => void send()}
          disabled={busy}
        >
          {busy ? t('readings.sending') : t('readings.send')}
        </button>
        <button
          type="button"
          className="button button--ghost button--block"
          onClick={() => setStep(total - 1)}
        >
          {t('readings.back')}
        </button>
      </div>
    </section>
  );
}
