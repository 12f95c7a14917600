import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../api/endpoints';
import type { WhyChain, WhyStep } from '../api/types';
import { AsyncView } from '../components/async-view';
import { SidePanel } from '../components/side-panel';
import { useApi } from '../components/use-api';
import { localized, useLanguage } from '../components/use-language';
import { translateOptional } from '../i18n/i18n';
import { formatQuantity } from '../monitoring/vital-format';
import { useRealtimeEvent } from '../realtime/realtime-context';
import { formatIsoDuration, formatInstant } from './why-format';

interface WhyButtonProps {
  target: api.WorklistTarget;
  /** The alert's or task's title, for the button's accessible name. */
  title: string;
  patientName: string | null;
}

/** "Perché?": opens the chain that produced the alert or task. */
export function WhyButton({ target, title, patientName }: WhyButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--ghost button--small"
        aria-haspopup="dialog"
        aria-label={t('why.buttonLabel', { title })}
        data-testid="why-button"
        onClick={() => setOpen(true)}
      >
        {t('why.button')}
      </button>
      {open && (
        <WhyPanel target={target} patientName={patientName} onClose={() => setOpen(false)} />
      )}
    </>
  );
}

interface WhyPanelProps {
  target: api.WorklistTarget;
  patientName: string | null;
  onClose(): void;
}

/**
 * A side panel (modal <dialog>: focus kept inside, Esc closes) with how the alert or task came
 * about: the rule and its version, then the chain as a vertical timeline, oldest first, with
 * the readings, the escalation timers and who acknowledged; and the audit exports.
 */
export function WhyPanel({ target, patientName, onClose }: WhyPanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const chain = useApi((signal) => api.whyChain(target, signal), [target.type, target.id]);
  const { reload } = chain;

  useRealtimeEvent('alert.changed', (alert) => {
    if (target.type === 'alert' && alert.id === target.id) reload();
  });
  useRealtimeEvent('workitem.changed', (item) => {
    if (target.type === 'work-item' && item.id === target.id) reload();
  });

  const loadedTitle =
    chain.state.status === 'ready' ? localized(chain.state.data.subject.title, language) : '';

  return (
    <SidePanel
      className="why-panel"
      testId="why-panel"
      kicker={`${t('why.kicker')} · ${target.type === 'alert' ? t('why.subjectAlert') : t('why.subjectTask')}`}
      title={loadedTitle || t('app.loading')}
      subtitle={patientName}
      onClose={onClose}
    >
      <AsyncView resource={chain}>
        {(data) => <WhyContent chain={data} target={target} />}
      </AsyncView>
    </SidePanel>
  );
}

function WhyContent({ chain, target }: { chain: WhyChain; target: api.WorklistTarget }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const rule = chain.rule;
  const role = (r: string) => translateOptional(`workbench.assignees.${r}`, r);
  const limits = rule
    ? [
        ...(rule.assignee && (rule.acknowledgeWithin ?? rule.sla)
          ? [
              t('why.firstLevel', {
                role: role(rule.assignee),
                within: formatIsoDuration((rule.acknowledgeWithin ?? rule.sla)!, language),
              }),
            ]
          : []),
        ...rule.escalation.map((l) =>
          t('why.ladderLevel', {
            level: l.level,
            role: role(l.role),
            within: formatIsoDuration(l.within, language),
          }),
        ),
      ]
    : [];

  return (
    <>
      <dl className="side-panel__facts why-panel__facts">
        <div>
          <dt>{t('why.pathway')}</dt>
          <dd>
            {t('why.pathwayVersion', {
              title: localized(chain.pathway.title, language),
              version: chain.pathway.version,
            })}
          </dd>
        </div>
        {rule && (
          <>
            <div>
              <dt>{t('why.rule')}</dt>
              <dd>
                {localized(rule.title, language)} <span className="mono muted">({rule.id})</span>
              </dd>
            </div>
            <div className="why-panel__wide">
              <dt>{t('why.condition')}</dt>
              <dd data-testid="why-condition">{localized(rule.condition, language)}</dd>
            </div>
            <div>
              <dt>{t('why.kind')}</dt>
              <dd>{t(`why.ruleKinds.${rule.kind}`)}</dd>
            </div>
            {limits.length > 0 && (
              <div className="why-panel__wide">
                <dt>{t('why.limits')}</dt>
                <dd>{limits.join(' · ')}</dd>
              </div>
            )}
          </>
        )}
        {chain.pathwayStep && (
          <div className="why-panel__wide">
            <dt>{t('why.step')}</dt>
            <dd>
              {localized(chain.pathwayStep.title, language)}{' '}
              <span className="mono muted">({chain.pathwayStep.id})</span>
              {chain.pathwayStep.schedule && (
                <span className="muted"> · {localized(chain.pathwayStep.schedule, language)}</span>
              )}
            </dd>
          </div>
        )}
      </dl>

      {chain.historyNote ? (
        <p className="why-panel__notice" role="note" data-testid="why-history-note">
          {localized(chain.historyNote, language)}
        </p>
      ) : (
        <p className="muted why-panel__history">{t('why.historyOk')}</p>
      )}

      <div className="why-panel__exports" role="group" aria-label={t('why.export')}>
        <span className="muted">{t('why.export')}</span>
        <a
          className="button button--secondary button--small"
          href={api.whyExportUrl(target, 'csv')}
          download
          aria-label={t('why.exportCsvLabel')}
        >
          {t('why.exportCsv')}
        </a>
        <a
          className="button button--secondary button--small"
          href={api.whyExportUrl(target, 'pdf')}
          download
          aria-label={t('why.exportPdfLabel')}
        >
          {t('why.exportPdf')}
        </a>
      </div>

      <h3 className="side-panel__section">{t('why.chain')}</h3>
      {chain.steps.length === 0 ? (
        <p className="muted">{t('why.empty')}</p>
      ) : (
        <ol className="why-timeline" data-testid="why-timeline">
          {chain.steps.map((step, i) => (
            <WhyStepItem key={`${step.kind}-${step.at}-${i}`} step={step} />
          ))}
        </ol>
      )}
    </>
  );
}

function WhyStepItem({ step }: { step: WhyStep }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const ack = step.acknowledgement;
  return (
    <li
      className={`why-step why-step--${step.kind} why-step--${step.source}`}
      data-kind={step.kind}
      data-source={step.source}
    >
      <p className="why-step__head">
        <span className="why-step__kind">{t(`why.kinds.${step.kind}`)}</span>
        <time dateTime={step.at} className="muted">
          {formatInstant(step.at, language)}
        </time>
        <span className={`why-step__source why-step__source--${step.source}`}>
          {t(`why.sources.${step.source}`)}
        </span>
      </p>
      <p className="why-step__text">{localized(step.text, language)}</p>
      {step.actor && (
        <p className="why-step__actor muted">
          {step.actor.role
            ? t('why.by', {
                who: step.actor.username,
                role: translateOptional(`roles.${step.actor.role}`, step.actor.role),
              })
            : step.actor.username}
        </p>
      )}
      {step.readings && step.readings.length > 0 && (
        <table className="why-step__readings">
          <caption className="visually-hidden">{t('why.readings.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('why.readings.value')}</th>
              <th scope="col">{t('why.readings.measuredAt')}</th>
              <th scope="col">{t('why.readings.receivedAt')}</th>
              <th scope="col">{t('why.readings.source')}</th>
            </tr>
          </thead>
          <tbody>
            {step.readings.map((r) => (
              <tr key={`${r.readingId}-${r.dataPoint}`}>
                <td>
                  {localized(r.label, language)} {formatQuantity(r.value, r.unit, language)}
                </td>
                <td>{formatInstant(r.measuredAt, language)}</td>
                <td>{formatInstant(r.receivedAt, language)}</td>
                <td>
                  {translateOptional(`roles.${r.source}`, r.source)}
                  {r.deviceMessageId ? ` · ${r.deviceMessageId}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {step.derived && (
        <p className="why-step__detail muted">
          {t('why.derivedWindow', {
            from: formatInstant(step.derived.windowStart, language),
            to: formatInstant(step.derived.windowEnd, language),
          })}
        </p>
      )}
      {step.timer && (
        <dl className="why-step__timer">
          <div>
            <dt>{t('why.timer.started')}</dt>
            <dd>{formatInstant(step.timer.startedAt, language)}</dd>
          </div>
          <div>
            <dt>{t('why.timer.due')}</dt>
            <dd>{formatInstant(step.timer.dueAt, language)}</dd>
          </div>
          {step.timer.firedAt ? (
            <div>
              <dt>{t('why.timer.fired')}</dt>
              <dd>{formatInstant(step.timer.firedAt, language)}</dd>
            </div>
          ) : step.timer.canceledAt ? (
            <div>
              <dt>{t('why.timer.canceled')}</dt>
              <dd>{formatInstant(step.timer.canceledAt, language)}</dd>
            </div>
          ) : (
            <div>
              <dt>{t('why.timer.running')}</dt>
              <dd>—</dd>
            </div>
          )}
        </dl>
      )}
      {ack && (
        <p className="why-step__badges">
          <span
            className={`status-pill ${ack.withinLimit ? 'status-pill--acknowledged' : 'status-pill--escalated'}`}
          >
            {ack.withinLimit ? t('why.ack.within') : t('why.ack.late')}
          </span>
          {!ack.withinLimit && ack.level > 0 && (
            <span className="status-pill">
              {ack.withinDeadlineInForce
                ? t('why.ack.withinLevel', { level: ack.level })
                : t('why.ack.lateLevel', { level: ack.level })}
            </span>
          )}
        </p>
      )}
    </li>
  );
}
