import type { JanusConfig } from '../../platform/config.js';
import { janusAdminUrl } from '../../platform/janus.js';
import type { Logger } from '../../platform/logger.js';
import { JanusAdmin } from './janus-admin.js';
import { JanusRooms } from './janus-rooms.js';

/**
 * The Janus a process talks to: rooms through the videoroom plugin (janus-gateway-js), join
 * tokens through the Admin API. Connected on first use and kept (JanusRooms reconnects by
 * itself after a loss); a failed first connection is not remembered, so the next call tries
 * again. Null when no Janus is configured: video steps then say that video is unavailable.
 */
export interface VideoBackend {
  rooms(): Promise<JanusRooms>;
  admin: JanusAdmin;
  /** The Janus WebSocket the platform proxies browsers to. */
  url: string;
  iceServers: JanusConfig['iceServers'];
  close(): Promise<void>;
}

export function createVideoBackend(config: JanusConfig, logger: Logger): VideoBackend | null {
  const url = config.url;
  const adminUrl = janusAdminUrl(config);
  if (!url) return null;
  if (!adminUrl) {
    logger.warn(
      { url },
      'JANUS_URL is set but JANUS_ADMIN_URL is not: join tokens cannot be issued, video unavailable',
    );
    return null;
  }
  let connected: Promise<JanusRooms> | null = null;
  return {
    url,
    iceServers: config.iceServers,
    admin: new JanusAdmin({ url: adminUrl, adminSecret: config.adminSecret }),
    rooms() {
      connected ??= JanusRooms.connect({
        url,
        apiSecret: config.apiSecret,
        adminKey: config.adminKey,
        logger,
      }).catch((err: unknown) => {
        connected = null;
        throw err;
      });
      return connected;
    },
    async close() {
      const rooms = await connected?.catch(() => null);
      connected = null;
      await rooms?.close();
    },
  };
}
