import {
  PermanentDeliveryError,
  type ChannelProvider,
  type OutgoingMessage,
  type SendReceipt,
} from './provider.js';

export interface SmsHttpOptions {
  /** The gateway's endpoint: it receives POST {to, text, reference} as JSON. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token: string | null;
  timeoutMs?: number;
}

/**
 * SMS through an HTTP gateway: a small adapter most Italian SMS providers can stand behind.
 * 2xx: sent, with the gateway's `id` (or `messageId`) when its JSON reply has one. 4xx: the
 * gateway refused this message for good, except 408 and 429. 5xx, timeouts and network errors:
 * retried. The reference is stable across retries and also goes as an Idempotency-Key header.
 */
export function createSmsHttpProvider(options: SmsHttpOptions): ChannelProvider {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    channel: 'sms',
    async send(message: OutgoingMessage): Promise<SendReceipt> {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': message.reference,
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ to: message.to, text: message.text, reference: message.reference }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await res.text().catch(() => '');
      if (res.ok) {
        let id: unknown = null;
        try {
          const json = JSON.parse(body) as { id?: unknown; messageId?: unknown };
          id = json.id ?? json.messageId ?? null;
        } catch {
          // A gateway that answers 2xx without JSON still accepted the message.
        }
        return {
          providerMessageId: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
        };
      }
      const detail = `SMS gateway answered ${res.status}: ${body.slice(0, 300)}`;
      if (res.status === 408 || res.status === 429 || res.status >= 500) throw new Error(detail);
      throw new PermanentDeliveryError(detail);
    },
  };
}
