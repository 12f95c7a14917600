import type { NotificationConfig } from '../../platform/config.js';
import type { NotificationProviders } from './provider.js';
import { createSmsHttpProvider } from './sms-http.js';
import { createSmtpProvider } from './smtp.js';

/** The providers the configuration names; channels without one are held in the outbox. */
export function createNotificationProviders(config: NotificationConfig): NotificationProviders {
  return {
    email: config.smtp ? createSmtpProvider(config.smtp) : null,
    sms: config.sms ? createSmsHttpProvider(config.sms) : null,
  };
}
