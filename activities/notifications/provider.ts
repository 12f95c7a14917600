import { createHash } from 'node:crypto';

/** What e-mail and SMS providers share: one message to one recipient, sent or refused. */

export interface OutgoingMessage {
  /**
   * Stable for one notification, channel and recipient: the same on every retry. It becomes
   * the e-mail's Message-ID and the SMS gateway's reference, so a message sent again after a
   * crash between sending and recording it can be recognised downstream as the same one.
   */
  reference: string;
  to: string;
  subject: string;
  text: string;
}

export interface SendReceipt {
  /** The provider's own id of the message, when it gives one. */
  providerMessageId: string | null;
}

export interface ChannelProvider {
  readonly channel: 'email' | 'sms';
  send(message: OutgoingMessage): Promise<SendReceipt>;
  close?(): Promise<void>;
}

/** The provider refused the message for good (bad address, rejected content): never retried. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** Configured providers; null where the deployment has none (those channels are held). */
export interface NotificationProviders {
  email: ChannelProvider | null;
  sms: ChannelProvider | null;
}

export const noProviders: NotificationProviders = { email: null, sms: null };

/** 32 hex characters derived from the notification key, the channel and the recipient. */
export function deliveryReference(key: string, channel: string, recipient: string): string {
  return createHash('sha256').update(`${key}\n${channel}\n${recipient}`).digest('hex').slice(0, 32);
}
