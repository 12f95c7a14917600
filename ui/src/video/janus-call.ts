import Janus, { type JanusJS } from 'janus-gateway';
import type { VideoConnection } from '../api/types';

/**
 * One person's part in a video visit on the Janus videoroom plugin: a publisher handle that
 * sends this browser's camera and microphone, and one subscriber handle per other person in the
 * room. The React side sees only the small event interface below; everything Janus-shaped stays
 * in this file.
 */

/** Why a call could not start or stopped; the page turns each into an Italian sentence. */
export type CallFailure =
  | 'permission'
  | 'no-device'
  | 'device-busy'
  | 'unsupported'
  | 'connection'
  | 'lost'
  | 'ice'
  | 'room';

export interface RemoteFeed {
  feedId: string;
  display: string;
  stream: MediaStream;
  /** False while the other person's camera is off (or no video arrived yet). */
  hasVideo: boolean;
}

export interface CallEvents {
  /** The publisher is in the room and its offer was accepted: the person is in the call. */
  joined(): void;
  /** The set of other people's streams changed. */
  remotes(feeds: RemoteFeed[]): void;
  /** The media path of some handle is struggling (true) or healthy again (false). */
  unstable(unstable: boolean): void;
  /** The call cannot go on. */
  failed(failure: CallFailure, detail: string): void;
  /** The room was destroyed (the clinician ended the visit). */
  roomClosed(): void;
}

/**
 * The RTCPeerConnections of this page, for the browser test only: it reads getStats() to see
 * that frames are decoded on both sides. Harmless: the page's own peer connections, no secret.
 */
interface VideoTestHook {
  subscriberPcs: RTCPeerConnection[];
  publisherPc: RTCPeerConnection | null;
}

declare global {
  interface Window {
    __percorsiVideo?: VideoTestHook;
  }
}

const PLUGIN = 'janus.plugin.videoroom';

let initialised: Promise<void> | null = null;

/**
 * What janus.js reads of webrtc-adapter: only `browserDetails` (browser, and for Safari the
 * WebKit version). The npm build of janus-gateway 1.4.2 refers to a free `adapter` variable
 * without importing it, so useDefaultDependencies() with no adapter throws "adapter is not
 * defined" once bundled; the browsers we support need none of adapter's shims.
 */
function browserDetails(): { browser: string; version: number | null } {
  const agent = navigator.userAgent;
  const firefox = /Firefox\/(\d+)/.exec(agent);
  if (firefox) return { browser: 'firefox', version: Number(firefox[1]) };
  const chrome = /(?:Chrome|Chromium|CriOS|Edg)\/(\d+)/.exec(agent);
  if (chrome) return { browser: 'chrome', version: Number(chrome[1]) };
  const webkit = /AppleWebKit\/(\d+)/.exec(agent);
  if (webkit) return { browser: 'safari', version: Number(webkit[1]) };
  return { browser: 'unknown', version: null };
}

/** Janus.init once per page: it sets the dependencies (WebSocket, adapter) globally. */
function initJanus(): Promise<void> {
  initialised ??= new Promise<void>((resolve) => {
    Janus.init({
      debug: false,
      dependencies: Janus.useDefaultDependencies({ adapter: { browserDetails: browserDetails() } }),
      callback: () => resolve(),
    });
  });
  return initialised;
}

/** The failure a getUserMedia (or createOffer capture) error stands for. */
export function mediaFailure(error: unknown): CallFailure {
  const name =
    error instanceof DOMException || error instanceof Error
      ? error.name
      : typeof error === 'object' && error !== null && 'name' in error
        ? String(error.name)
        : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'permission';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'no-device';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'device-busy';
    default:
      return 'unsupported';
  }
}

interface VideoroomMessage {
  videoroom?: string;
  id?: string | number;
  room?: string | number;
  error?: string;
  error_code?: number;
  publishers?: Array<{ id: string | number; display?: string; dummy?: boolean }>;
  leaving?: string | number;
  unpublished?: string | number;
  configured?: string;
}

interface Subscriber {
  handle: JanusJS.PluginHandle | null;
  feed: RemoteFeed;
  closed: boolean;
}

export class JanusCall {
  private janus: JanusJS.Janus | null = null;
  private publisher: JanusJS.PluginHandle | null = null;
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly unstableHandles = new Set<string>();
  private connected = false;
  private inRoom = false;
  private stopped = false;
  private readonly opaqueId = `percorsi-${Janus.randomString(12)}`;

  constructor(
    private readonly connection: VideoConnection,
    private readonly localStream: MediaStream,
    private readonly events: CallEvents,
  ) {}

  /** Connects to Janus and joins the room; progress and problems arrive as events. */
  async start(): Promise<void> {
    window.__percorsiVideo = { subscriberPcs: [], publisherPc: null };
    if (!('RTCPeerConnection' in window)) {
      this.fail('unsupported', 'RTCPeerConnection missing');
      return;
    }
    await initJanus();
    if (this.stopped) return;
    this.janus = new Janus({
      server: this.connection.janus.url,
      token: this.connection.janus.token,
      iceServers: this.connection.janus.iceServers,
      // Closing the tab leaves the room at once rather than after Janus's session timeout.
      destroyOnUnload: true,
      success: () => {
        this.connected = true;
        this.attachPublisher();
      },
      error: (error: unknown) => {
        // Before the session existed the server could not be reached; after, the link broke.
        this.fail(this.connected ? 'lost' : 'connection', String(error));
      },
      destroyed: () => undefined,
    });
  }

  setMicrophone(on: boolean): void {
    for (const track of this.localStream.getAudioTracks()) track.enabled = on;
  }

  setCamera(on: boolean): void {
    for (const track of this.localStream.getVideoTracks()) track.enabled = on;
  }

  /** Leaves the room and closes every peer connection; safe to call more than once. */
  hangup(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const subscriber of this.subscribers.values()) subscriber.closed = true;
    this.subscribers.clear();
    if (this.publisher && this.inRoom) {
      this.publisher.send({ message: { request: 'leave' } });
    }
    const janus = this.janus;
    this.janus = null;
    this.publisher = null;
    if (janus) {
      try {
        janus.destroy({ cleanupHandles: true, notifyDestroyed: false });
      } catch {
        // The connection is already gone: nothing left to close.
      }
    }
    for (const track of this.localStream.getTracks()) track.stop();
    window.__percorsiVideo = { subscriberPcs: [], publisherPc: null };
  }

  private fail(failure: CallFailure, detail: string): void {
    if (this.stopped) return;
    this.events.failed(failure, detail);
  }

  private attachPublisher(): void {
    const janus = this.janus;
    if (!janus) return;
    janus.attach({
      plugin: PLUGIN,
      opaqueId: this.opaqueId,
      success: (handle) => {
        if (this.stopped) return;
        this.publisher = handle;
        const { room, pin, feedId, display } = this.connection;
        handle.send({
          message: {
            request: 'join',
            ptype: 'publisher',
            room,
            pin,
            token: this.connection.janus.token,
            id: feedId,
            display,
          },
          error: (error) => this.fail('room', error),
        });
      },
      error: (error) => this.fail('connection', error),
      iceState: (state) => this.iceState('publisher', state),
      onmessage: (message, jsep) => this.onPublisherMessage(message, jsep),
    });
  }

  private onPublisherMessage(message: VideoroomMessage, jsep?: JanusJS.JSEP): void {
    if (this.stopped) return;
    const publisher = this.publisher;
    if (message.error) {
      this.fail('room', `${message.error_code ?? ''} ${message.error}`);
      return;
    }
    switch (message.videoroom) {
      case 'joined':
        this.inRoom = true;
        this.publish();
        this.subscribeAll(message.publishers);
        break;
      case 'event':
        this.subscribeAll(message.publishers);
        if (message.leaving !== undefined) this.unsubscribe(String(message.leaving));
        if (message.unpublished !== undefined && message.unpublished !== 'ok') {
          this.unsubscribe(String(message.unpublished));
        }
        break;
      case 'destroyed':
        this.inRoom = false;
        this.events.roomClosed();
        break;
      default:
        break;
    }
    if (jsep && publisher) {
      publisher.handleRemoteJsep({
        jsep,
        success: () => {
          window.__percorsiVideo = {
            subscriberPcs: window.__percorsiVideo?.subscriberPcs ?? [],
            publisherPc: publisher.webrtcStuff.pc,
          };
          this.events.joined();
        },
        error: (error) => this.fail('ice', error),
      });
    }
  }

  /** Sends the tracks the device check opened (no second permission prompt). */
  private publish(): void {
    const publisher = this.publisher;
    if (!publisher) return;
    const audio = this.localStream.getAudioTracks()[0];
    const video = this.localStream.getVideoTracks()[0];
    const tracks: JanusJS.TrackOption[] = [
      { type: 'audio', capture: audio ?? true, recv: false },
      { type: 'video', capture: video ?? true, recv: false },
    ];
    publisher.createOffer({
      tracks,
      success: (jsep) => {
        publisher.send({
          message: { request: 'configure', audio: true, video: true },
          jsep,
          error: (error) => this.fail('room', error),
        });
      },
      error: (error) => this.fail(mediaFailure(error), String(error)),
    });
  }

  private subscribeAll(publishers: VideoroomMessage['publishers']): void {
    for (const publisher of publishers ?? []) {
      if (publisher.dummy) continue;
      const feedId = String(publisher.id);
      if (feedId === this.connection.feedId || this.subscribers.has(feedId)) continue;
      this.subscribe(feedId, publisher.display ?? '');
    }
  }

  private subscribe(feedId: string, display: string): void {
    const janus = this.janus;
    if (!janus) return;
    const subscriber: Subscriber = {
      handle: null,
      feed: { feedId, display, stream: new MediaStream(), hasVideo: false },
      closed: false,
    };
    this.subscribers.set(feedId, subscriber);
    janus.attach({
      plugin: PLUGIN,
      opaqueId: this.opaqueId,
      success: (handle) => {
        if (subscriber.closed) {
          handle.detach();
          return;
        }
        subscriber.handle = handle;
        const { room, pin } = this.connection;
        handle.send({
          message: {
            request: 'join',
            ptype: 'subscriber',
            room,
            pin,
            token: this.connection.janus.token,
            streams: [{ feed: feedId }],
          },
        });
      },
      error: (error) => this.fail('connection', error),
      iceState: (state) => this.iceState(`feed-${feedId}`, state),
      onmessage: (message, jsep) => {
        const handle = subscriber.handle;
        if (subscriber.closed || !handle) return;
        const event = message as VideoroomMessage;
        if (event.error) {
          // The person left between the list and our join: not a failure of the call.
          this.unsubscribe(feedId);
          return;
        }
        if (!jsep) return;
        handle.createAnswer({
          jsep,
          // Receive only: the tracks the publisher offers are accepted as they come.
          tracks: [],
          success: (answer) => {
            handle.send({
              message: { request: 'start', room: this.connection.room },
              jsep: answer,
            });
            const pc = handle.webrtcStuff.pc;
            const hook = window.__percorsiVideo;
            if (hook && !hook.subscriberPcs.includes(pc)) hook.subscriberPcs.push(pc);
          },
          error: (error) => this.fail('ice', error),
        });
      },
      onremotetrack: (track, _mid, on) => {
        if (subscriber.closed) return;
        const { stream } = subscriber.feed;
        const existing = stream.getTrackById(track.id);
        if (on && !existing) stream.addTrack(track);
        if (!on && existing) stream.removeTrack(existing);
        this.updateVideoFlag(subscriber);
        if (track.kind === 'video') {
          track.onmute = () => this.updateVideoFlag(subscriber);
          track.onunmute = () => this.updateVideoFlag(subscriber);
        }
      },
      oncleanup: () => {
        subscriber.feed = { ...subscriber.feed, stream: new MediaStream(), hasVideo: false };
        this.emitRemotes();
      },
    });
    this.emitRemotes();
  }

  private updateVideoFlag(subscriber: Subscriber): void {
    const hasVideo = subscriber.feed.stream
      .getVideoTracks()
      .some((track) => track.readyState === 'live' && !track.muted);
    // A new object so that React sees the change; the stream stays the same.
    subscriber.feed = { ...subscriber.feed, hasVideo };
    this.emitRemotes();
  }

  private unsubscribe(feedId: string): void {
    const subscriber = this.subscribers.get(feedId);
    if (!subscriber) return;
    subscriber.closed = true;
    this.subscribers.delete(feedId);
    this.unstableHandles.delete(`feed-${feedId}`);
    const pc = subscriber.handle?.webrtcStuff.pc;
    const hook = window.__percorsiVideo;
    if (hook && pc) hook.subscriberPcs = hook.subscriberPcs.filter((known) => known !== pc);
    subscriber.handle?.detach();
    this.emitRemotes();
  }

  private emitRemotes(): void {
    if (this.stopped) return;
    this.events.remotes([...this.subscribers.values()].map((subscriber) => subscriber.feed));
  }

  private iceState(key: string, state: 'connected' | 'failed' | 'disconnected' | 'closed'): void {
    if (this.stopped) return;
    if (state === 'failed') {
      this.fail('ice', `${key}: ICE failed`);
      return;
    }
    const before = this.unstableHandles.size > 0;
    if (state === 'disconnected') this.unstableHandles.add(key);
    else this.unstableHandles.delete(key);
    const after = this.unstableHandles.size > 0;
    if (before !== after) this.events.unstable(after);
  }
}
