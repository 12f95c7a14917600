import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../api/types';
import { ErrorMessage, describeError } from '../components/error-message';
import { useAnnouncer } from '../components/live-announcer';
import { PageHeading } from '../components/page-heading';
import { localized, useLanguage } from '../components/use-language';
import { formatDateTime } from '../i18n/format';
import { useInbox } from '../patient/inbox-context';

/** The patient's messages from their pathways, newest first, unread ones marked; live. */
export function PatientMessagesPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const inbox = useInbox();
  const { announce, regions } = useAnnouncer();
  const onArrival = inbox?.onArrival;

  useEffect(() => {
    if (!onArrival) return undefined;
    return onArrival((message) =>
      announce(t('messages.arrived', { text: localized(message.text, language) }), 'polite'),
    );
  }, [onArrival, announce, t, language]);

  return (
    <>
      <PageHeading title={t('messages.title')} intro={t('messages.intro')} />
      {regions}
      {!inbox || inbox.state.status === 'loading' ? (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('app.loading')}
        </p>
      ) : inbox.state.status === 'error' ? (
        <ErrorMessage error={inbox.state.error} onRetry={inbox.reload} />
      ) : (
        <section className="messages" aria-label={t('messages.title')} data-testid="messages">
          <p className="messages__count" data-testid="unread-count">
            {inbox.state.data.unread > 0
              ? t('messages.unread', { count: inbox.state.data.unread })
              : t('messages.allRead')}
          </p>
          {inbox.state.data.items.length === 0 ? (
            <p className="empty">{t('messages.none')}</p>
          ) : (
            <ol className="message-list">
              {inbox.state.data.items.map((message) => (
                <MessageCard key={message.id} message={message} markRead={inbox.markRead} />
              ))}
            </ol>
          )}
        </section>
      )}
    </>
  );
}

function MessageCard({
  message,
  markRead,
}: {
  message: Message;
  markRead(id: string): Promise<void>;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const unread = message.readAt === null;

  async function handleRead() {
    setBusy(true);
    setProblem(null);
    try {
      await markRead(message.id);
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li
      className={`card message${unread ? ' message--unread' : ''}`}
      data-testid="message"
      data-message-id={message.id}
      data-unread={unread ? 'true' : 'false'}
    >
      <p className="message__head">
        {unread && <span className="message__new">{t('messages.new')}</span>}
        <time dateTime={message.createdAt} className="message__time">
          {formatDateTime(message.createdAt, language)}
        </time>
      </p>
      <p className="message__text">{localized(message.text, language)}</p>
      {unread ? (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void handleRead()}
          disabled={busy}
        >
          {t('messages.markRead')}
        </button>
      ) : (
        <p className="message__read muted">
          {t('messages.readAt', { time: formatDateTime(message.readAt, language) })}
        </p>
      )}
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}
