import nodemailer from 'nodemailer';
import {
  PermanentDeliveryError,
  type ChannelProvider,
  type OutgoingMessage,
  type SendReceipt,
} from './provider.js';

export interface SmtpOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string;
  /** The From header, e.g. `Percorsi <noreply@asl.toscana.it>`. */
  from: string;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
}

/** The domain of the From address: Message-IDs are minted under it. */
export function mailDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split('@')[1]?.trim().toLowerCase();
  return domain && /^[a-z0-9.-]+$/.test(domain) ? domain : 'percorsi.invalid';
}

/** The Message-ID of a delivery: the same on every retry of it. */
export function messageIdFor(reference: string, from: string): string {
  return `<${reference}@${mailDomain(from)}>`;
}

/**
 * E-mail over SMTP (nodemailer). A 5xx reply (unknown mailbox, refused content) is permanent;
 * 4xx replies, timeouts, lost connections and authentication trouble (a configuration being
 * fixed) are retried by the activity's retry policy.
 */
export function createSmtpProvider(options: SmtpOptions): ChannelProvider {
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    channel: 'email',
    async send(message: OutgoingMessage): Promise<SendReceipt> {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: messageIdFor(message.reference, options.from),
          headers: {
            'Auto-Submitted': 'auto-generated',
            'X-Percorsi-Reference': message.reference,
          },
        });
        return { providerMessageId: info.messageId ?? null };
      } catch (err) {
        const e = err as SmtpError;
        const code = e.responseCode;
        if (code !== undefined && code >= 500 && code < 600 && e.code !== 'EAUTH') {
          throw new PermanentDeliveryError(
            `SMTP server refused the message (${code}): ${e.message}`,
          );
        }
        if (e.code === 'EENVELOPE' && code === undefined) {
          throw new PermanentDeliveryError(`invalid e-mail address: ${e.message}`);
        }
        throw err;
      }
    },
    async close() {
      transport.close();
    },
  };
}
