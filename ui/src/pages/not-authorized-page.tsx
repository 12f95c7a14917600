import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeading } from '../components/page-heading';
import { homePath } from '../routing/sections';
import { useUser } from '../session/session-context';

/** Shown in place of a page that belongs to another role; the URL stays as typed. */
export function NotAuthorizedPage() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <div className="message-page" data-testid="not-authorized">
      <PageHeading title={t('notAuthorized.title')} />
      <p>{t('notAuthorized.body', { role: t(`roles.${user.role}`) })}</p>
      <p>
        <Link className="button button--primary" to={homePath(user.role)}>
          {t('notAuthorized.back')}
        </Link>
      </p>
    </div>
  );
}
