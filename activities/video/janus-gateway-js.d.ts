/** The part of janus-gateway-js 2.0.2 (no types of its own) that janus-rooms.ts uses. */
declare module 'janus-gateway-js' {
  interface JanusPlainMessage {
    janus: string;
    transaction?: string;
    session_id?: number;
    sender?: number;
    error?: { code: number; reason: string };
    plugindata?: { plugin: string; data: Record<string, unknown> };
  }
  interface JanusMessage {
    getPlainMessage(): JanusPlainMessage;
  }
  /** An error answer: Janus core codes (403 unauthorised, 458 no session…) or plugin ones. */
  class JanusError extends Error {
    code: number;
    janusMessage: JanusMessage;
  }
  /** The handle of a plugin; its answers are promises (bluebird), errors JanusError. */
  interface Plugin {
    getId(): number;
    sendWithTransaction(message: { body: Record<string, unknown> }): Promise<JanusMessage>;
    detach(): Promise<void>;
  }
  interface Session {
    getId(): number;
    attachPlugin(name: string): Promise<Plugin>;
    /** Destroys the session on Janus (then locally). */
    destroy(): Promise<unknown>;
    /** Emitted once the session is gone: destroyed, timed out, or its connection closed. */
    on(event: 'destroy', listener: () => void): this;
  }
  interface Connection {
    createSession(): Promise<Session>;
    isClosed(): boolean;
    close(): Promise<void>;
    on(event: 'error', listener: (error: unknown) => void): this;
    on(event: 'close', listener: () => void): this;
  }
  interface ClientOptions {
    token?: string;
    apisecret?: string;
    /** true: a keepalive every 30 s per session; a number: that period in ms (< 59 000). */
    keepalive?: boolean | number;
  }
  class Client {
    constructor(address: string, options?: ClientOptions);
    /** Resolves once the WebSocket is open; rejects with the socket's error event otherwise. */
    createConnection(id: string): Promise<Connection>;
  }
  const Janus: { Client: typeof Client; Error: typeof JanusError };

  export default Janus;
  export type { Client, Connection, JanusError, JanusMessage, Plugin, Session };
}
