import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { JanusUnavailable } from './janus-rooms.js';

/**
 * The Janus Admin API, for the one thing the platform needs from it: stored tokens. Janus runs
 * with `token_auth`, so a browser can talk to it only with a token added here, limited to the
 * videoroom plugin and removed when the session ends. janus-gateway-js speaks the Janus API,
 * not the Admin API (a different subprotocol and envelope), so this is a request/answer over
 * one WebSocket per call: tokens are added a few times per visit.
 */

export interface JanusAdminOptions {
  url: string;
  adminSecret: string;
  /** Budget of one call, connection included (default 5 s). */
  timeoutMs?: number;
}

const answer = z.object({
  janus: z.string(),
  transaction: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.number(), reason: z.string() }).optional(),
});

export class JanusAdminError extends Error {
  override name = 'JanusAdminError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class JanusAdmin {
  constructor(private readonly options: JanusAdminOptions) {}

  /** Lets `token` open Janus sessions and attach to the videoroom plugin only. */
  async addToken(token: string): Promise<void> {
    await this.call({ janus: 'add_token', token, plugins: ['janus.plugin.videoroom'] });
  }

  /** Revokes `token`; a token that is not there (already removed) is not an error. */
  async removeToken(token: string): Promise<void> {
    try {
      await this.call({ janus: 'remove_token', token });
    } catch (err) {
      // Janus answers 490 for a token it does not hold: removed already is what we wanted.
      if (err instanceof JanusAdminError && !(await this.listTokens()).includes(token)) return;
      throw err;
    }
  }

  async listTokens(): Promise<string[]> {
    const data = await this.call({ janus: 'list_tokens' });
    const tokens = z
      .object({ tokens: z.array(z.object({ token: z.string() })).default([]) })
      .parse(data ?? {});
    return tokens.tokens.map((t) => t.token);
  }

  private call(request: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    const { url, adminSecret } = this.options;
    const timeoutMs = this.options.timeoutMs ?? 5000;
    const transaction = randomUUID();
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'janus-admin-protocol');
      const timer = setTimeout(() => {
        ws.terminate();
        reject(
          new JanusUnavailable(
            `janus admin: no answer to ${String(request.janus)} in ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        ws.close();
        fn();
      };
      ws.once('error', (err) =>
        finish(() =>
          reject(new JanusUnavailable(`janus admin ${url}: ${err.message}`, { cause: err })),
        ),
      );
      ws.once('open', () =>
        ws.send(JSON.stringify({ ...request, transaction, admin_secret: adminSecret })),
      );
      ws.on('message', (raw: Buffer) => {
        const parsed = answer.safeParse(JSON.parse(raw.toString('utf8')));
        if (!parsed.success || parsed.data.transaction !== transaction) return;
        const msg = parsed.data;
        if (msg.janus === 'success') finish(() => resolve(msg.data));
        else {
          finish(() =>
            reject(
              new JanusAdminError(
                msg.error?.code ?? 0,
                `janus admin ${String(request.janus)}: ${msg.error?.reason ?? msg.janus}`,
              ),
            ),
          );
        }
      });
    });
  }
}
