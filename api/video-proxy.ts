import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse as parseCookie } from 'cookie';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Stores } from '../db/stores/index.js';
import type { Logger } from '../platform/logger.js';
import { SESSION_COOKIE, type SessionTokens } from './auth/session.js';
import { JANUS_PROXY_PATH } from './features/video-sessions.js';
import { resolveIdentity } from './route.js';

/**
 * Browsers reach Janus's WebSocket through the platform, on the platform's own origin: Janus
 * stays bound to loopback (or a private network), one TLS certificate and one CSP serve both,
 * and only signed-in patients and clinicians get as far as Janus, where their Janus token (one
 * per admitted participant) is checked again. Media (RTP) does not pass here: it flows between
 * the browser and Janus over ICE.
 */
export function attachJanusProxy(
  httpServer: HttpServer,
  deps: { janusUrl: string; stores: Stores; tokens: SessionTokens },
  logger: Logger,
): { close(): void } {
  const log = logger.child({ component: 'janus-proxy' });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('janus-protocol') ? 'janus-protocol' : false),
  });

  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const token = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (!token) return refuse(socket, 401, 'Unauthorized');
    let identity;
    try {
      identity = await resolveIdentity(deps, token);
    } catch {
      return refuse(socket, 401, 'Unauthorized');
    }
    if (!['patient', 'nurse', 'doctor'].includes(identity.role)) {
      return refuse(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (client) => {
      const upstream = new WebSocket(deps.janusUrl, 'janus-protocol');
      const pending: RawData[] = [];
      client.on('message', (data) => {
        if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: false });
        else pending.push(data);
      });
      upstream.on('open', () => {
        for (const data of pending.splice(0)) upstream.send(data, { binary: false });
      });
      upstream.on('message', (data) => {
        if (client.readyState === WebSocket.OPEN) client.send(data, { binary: false });
      });
      const closeBoth = () => {
        if (client.readyState === WebSocket.OPEN) client.close(1000);
        if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING)
          upstream.terminate();
      };
      client.on('close', closeBoth);
      upstream.on('close', () => {
        if (client.readyState === WebSocket.OPEN) client.close(1011, 'janus closed');
      });
      upstream.on('error', (err) => {
        log.warn({ err: err.message }, 'janus unreachable from the proxy');
        if (client.readyState === WebSocket.OPEN) client.close(1011, 'janus unreachable');
      });
      client.on('error', () => closeBoth());
    });
  }

  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== JANUS_PROXY_PATH) return;
    onUpgrade(req, socket, head).catch((err: unknown) => {
      log.error({ err }, 'janus proxy upgrade failed');
      socket.destroy();
    });
  };
  httpServer.on('upgrade', listener);
  return {
    close() {
      httpServer.off('upgrade', listener);
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
