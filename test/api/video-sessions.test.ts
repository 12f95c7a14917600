import assert from 'node:assert/strict';
import Janus from 'janus-gateway-js';
import request from 'supertest';
import { WebSocket } from 'ws';
import { JanusRooms, roomIdFor } from '../../activities/video/janus-rooms.js';
import { VideoJoinTokens } from '../../api/features/video-sessions.js';
import { demoUsers, loginCookie, waitFor } from '../support/api-client.js';
import { requireOrSkip } from '../support/env.js';
import { testJanus, type TestJanus } from '../support/janus.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { openVideoSession } from '../support/video.js';

/**
 * Video sessions on a real Janus and a real Temporal: a pathway's video step opens a private
 * room, exactly the people it names get in (the patient after a clinician admits them), Janus
 * itself says who was there, and the attendance goes back to the pathway (held, or no-show).
 * The browser side (two Chromium peers exchanging video) is test/e2e/video.e2e.test.ts.
 */

interface SessionView {
  id: string;
  status: string;
  outcome: string | null;
  attended: string[];
  workItemId: string;
  myRole: string | null;
  people: { participantId: string; role: string; state: string; secondsPresent: number }[];
  me: { participantId: string; state: string } | null;
  canAdmit: boolean;
}

interface Credentials {
  janus: { url: string; token: string; iceServers: unknown[] };
  room: string;
  pin: string;
  feedId: string;
  display: string;
}

/** A participant as Janus sees one: a publisher that joined the room (no media needed). */
async function enterRoom(janusUrl: string, c: Credentials, pin = c.pin, token = c.janus.token) {
  const client = new Janus.Client(janusUrl, { token, keepalive: 20_000 });
  const connection = await client.createConnection('test');
  connection.on('error', () => undefined);
  try {
    const session = await connection.createSession();
    const plugin = await session.attachPlugin('janus.plugin.videoroom');
    await plugin.sendWithTransaction({
      body: {
        request: 'join',
        ptype: 'publisher',
        room: c.room,
        pin,
        token,
        id: c.feedId,
        display: c.display,
      },
    });
    return { leave: () => connection.close() };
  } catch (err) {
    await connection.close().catch(() => undefined);
    throw err;
  }
}

describe('video sessions (api/features/video-sessions, workflows/video-session-workflow)', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let janus: TestJanus | null;
  let rooms: JanusRooms;
  const cookies = {} as Record<
    'designer' | 'nurse' | 'doctor' | 'patient' | 'admin' | 'otherDoctor' | 'otherPatient',
    string
  >;
  let patientId: string;
  const api = () => request(t.baseUrl);

  before(async function () {
    janus = await testJanus();
    requireOrSkip(this, janus !== null, 'janus is not installed (Debian package "janus")');
    t = await startTestPlatform({ env: janus!.env });
    rooms = await JanusRooms.connect({
      url: janus!.janus.url,
      apiSecret: janus!.config.apiSecret,
      adminKey: janus!.config.adminKey,
    });
    const u = demoUsers.centro;
    cookies.designer = await loginCookie(t.baseUrl, u.designer);
    cookies.nurse = await loginCookie(t.baseUrl, u.nurse);
    cookies.doctor = await loginCookie(t.baseUrl, u.doctor);
    cookies.patient = await loginCookie(t.baseUrl, u.patient);
    cookies.admin = await loginCookie(t.baseUrl, u.admin);
    cookies.otherDoctor = await loginCookie(t.baseUrl, demoUsers.nord.doctor);
    cookies.otherPatient = await loginCookie(t.baseUrl, demoUsers.nord.patient);
    patientId = (await api().get('/api/me/patient').set('cookie', cookies.patient)).body.patient.id;
  });

  after(async () => {
    await rooms?.close();
    await t?.close();
  });

  const sessionAs = async (who: keyof typeof cookies, id: string) =>
    api().get(`/api/video-sessions/${id}`).set('cookie', cookies[who]);

  const join = async (who: keyof typeof cookies, id: string) => {
    const res = await api()
      .post(`/api/video-sessions/${id}/join`)
      .set('cookie', cookies[who])
      .send({});
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { session: SessionView; token: string; tokenExpiresAt: string };
  };

  const connect = (who: keyof typeof cookies, id: string, token: string) =>
    api().post(`/api/video-sessions/${id}/connect`).set('cookie', cookies[who]).send({ token });

  const workItem = async (workItemId: string) => {
    const res = await api()
      .get(`/api/work-items?patientId=${patientId}&limit=500`)
      .set('cookie', cookies.nurse);
    return (res.body.items as { id: string; status: string }[]).find((i) => i.id === workItemId);
  };

  const enrolment = async (enrolmentId: string) =>
    (await api().get(`/api/enrolments/${enrolmentId}`).set('cookie', cookies.nurse)).body as {
      status?: string;
      outcome?: string | null;
      enrolment?: { status: string; outcome: string | null };
    };

  it('opens a private room for the people the step names; the visit held completes the step', async function () {
    const s = await openVideoSession(t.baseUrl, cookies, patientId);

    // The room is in Janus: private, PIN-protected, one publisher per participant and a spare.
    const roomId = roomIdFor(s.sessionId);
    const room = (await rooms.listRooms()).find((r) => r.room === roomId);
    assert.ok(room, 'the room exists in Janus');
    assert.equal(room.description, 'Televisita di controllo');
    assert.equal(room.pinRequired, true);
    assert.equal(room.maxPublishers, 3);

    // Exactly the named people: not the nurse (403), not another tenant (404), not another patient.
    assert.equal((await sessionAs('nurse', s.sessionId)).status, 403);
    assert.equal((await sessionAs('otherDoctor', s.sessionId)).status, 404);
    assert.equal((await sessionAs('otherPatient', s.sessionId)).status, 404);
    const seen = await sessionAs('patient', s.sessionId);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.session.myRole, 'patient');
    // Nothing of the room's secrets in what participants read before they are admitted.
    assert.ok(!JSON.stringify(seen.body).includes(roomId));

    // The patient waits; connecting before admission is refused.
    const patient = await join('patient', s.sessionId);
    assert.equal(patient.session.me?.state, 'waiting');
    assert.ok(!JSON.stringify(patient).includes(roomId));
    const early = await connect('patient', s.sessionId, patient.token);
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.match(early.body.detail, /ammesso/);

    // The doctor is in at once and admits the patient.
    const doctor = await join('doctor', s.sessionId);
    assert.equal(doctor.session.me?.state, 'admitted');
    const waiting = doctor.session.people.find((p) => p.role === 'patient');
    assert.equal(waiting?.state, 'waiting');
    assert.equal(doctor.session.canAdmit, true);
    const admitted = await api()
      .post(`/api/video-sessions/${s.sessionId}/admit`)
      .set('cookie', cookies.doctor)
      .send({ participantId: waiting.participantId });
    assert.equal(admitted.status, 200, JSON.stringify(admitted.body));
    // A patient cannot admit anyone.
    assert.equal(
      (
        await api()
          .post(`/api/video-sessions/${s.sessionId}/admit`)
          .set('cookie', cookies.patient)
          .send({ participantId: waiting.participantId })
      ).status,
      403,
    );

    // Someone else's token is refused (403), an expired one too (401), a forged one (401).
    assert.equal((await connect('doctor', s.sessionId, patient.token)).status, 403);
    const past = new Date(Date.now() - 10 * 60_000);
    const stale = await new VideoJoinTokens(t.config.session.secret).issue(
      {
        id: patient.session.me.participantId,
        sessionId: s.sessionId,
        userId:
          (await api().get('/api/auth/me').set('cookie', cookies.patient)).body.user?.id ??
          'unknown',
        role: 'patient',
      } as never,
      past,
    );
    assert.equal((await connect('patient', s.sessionId, stale.token)).status, 401);
    assert.equal((await connect('patient', s.sessionId, `${patient.token}x`)).status, 401);

    const pc = await connect('patient', s.sessionId, patient.token);
    assert.equal(pc.status, 200, JSON.stringify(pc.body));
    const dc = await connect('doctor', s.sessionId, doctor.token);
    assert.equal(dc.status, 200, JSON.stringify(dc.body));
    const pCred = pc.body as Credentials;
    const dCred = dc.body as Credentials;
    assert.equal(pCred.room, roomId);
    assert.match(pCred.janus.url, /^ws:\/\/.+\/api\/video\/janus$/);
    assert.notEqual(pCred.janus.token, dCred.janus.token);

    // Janus itself refuses a made-up token, and the right token with a wrong PIN.
    const url = janus!.janus.url;
    await assert.rejects(enterRoom(url, pCred, pCred.pin, 'not-a-token-of-ours'), /Unauthorized/);
    await assert.rejects(enterRoom(url, pCred, '000000'), /wrong pin/);

    // Both in the room: Janus's participant list is what counts as presence.
    const inPatient = await enterRoom(url, pCred);
    const inDoctor = await enterRoom(url, dCred);
    for (const who of ['patient', 'doctor'] as const) {
      const res = await api()
        .post(`/api/video-sessions/${s.sessionId}/presence`)
        .set('cookie', cookies[who])
        .send({ token: who === 'patient' ? patient.token : doctor.token, event: 'joined' });
      assert.equal(res.status, 204);
    }
    await waitFor('both seen in the room', async () => {
      const v = (await sessionAs('doctor', s.sessionId)).body.session as SessionView;
      return v.people.filter((p) => p.state === 'in-call').length === 2;
    });

    // The doctor ends the visit: the room goes, the tokens stop working, the step completes.
    const ended = await api()
      .post(`/api/video-sessions/${s.sessionId}/end`)
      .set('cookie', cookies.doctor)
      .send({});
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    assert.equal(ended.body.session.status, 'ended');
    assert.equal(ended.body.session.outcome, 'attended');
    assert.deepEqual([...ended.body.session.attended].sort(), ['doctor', 'patient']);
    await inPatient.leave().catch(() => undefined);
    await inDoctor.leave().catch(() => undefined);
    assert.equal(await rooms.exists(roomId), false);
    await assert.rejects(enterRoom(url, pCred), /Unauthorized/);
    await waitFor(
      'the work item done',
      async () => (await workItem(s.workItemId))?.status === 'done',
    );
    const e = await waitFor('the enrolment completed', async () => {
      const body = await enrolment(s.enrolmentId);
      const en = body.enrolment ?? body;
      return en.status === 'completed' ? en : null;
    });
    assert.equal(e.outcome, 'completed');
    // The enrolment's timeline says the session was held, and who came.
    const detail = (
      await api().get(`/api/enrolments/${s.enrolmentId}`).set('cookie', cookies.nurse)
    ).body as { events: { kind: string; payload: { message?: { it: string } } }[] };
    const held = detail.events.find((ev) => ev.kind === 'video-session-ended');
    assert.match(
      held?.payload.message?.it ?? '',
      /^Videochiamata svolta \(paziente \d+ min, medico \d+ min\)$/,
    );
    assert.equal(
      (
        await api()
          .post(`/api/video-sessions/${s.sessionId}/end`)
          .set('cookie', cookies.doctor)
          .send({})
      ).status,
      409,
    );

    // The audit log has every step, and the refusals.
    const audit = await api()
      .get(`/api/admin/audit?patientId=${patientId}&limit=500`)
      .set('cookie', cookies.admin);
    const rows = (
      audit.body.items as {
        action: string;
        resourceType: string;
        outcome: string;
        actorUsername: string;
        resourceId: string;
      }[]
    ).filter((r) => r.resourceType === 'VideoSession' && r.resourceId === s.sessionId);
    const said = rows.map((r) => `${r.actorUsername} ${r.action} ${r.outcome}`);
    for (const line of [
      'centro.paziente join success',
      'centro.medico join success',
      'centro.medico admit success',
      'centro.paziente connect success',
      'centro.medico connect success',
      'centro.medico connect denied',
      'centro.infermiere read denied',
      'centro.medico end success',
    ])
      assert.ok(said.includes(line), `audit has "${line}" in ${JSON.stringify(said)}`);
  });

  it('runs the built-in Televisita di controllo: booking, check-in, the room, then the report step', async function () {
    const enrolled = await api()
      .post('/api/enrolments')
      .set('cookie', cookies.nurse)
      .send({ patientId, pathwayId: 'televisita-controllo' });
    assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
    const enrolmentId =
      (enrolled.body as { id?: string; enrolment?: { id: string } }).id ??
      (enrolled.body as { enrolment: { id: string } }).enrolment.id;
    const openItem = (kind: string) =>
      waitFor(`the ${kind} item`, async () => {
        const res = await api()
          .get(`/api/work-items?patientId=${patientId}&status=open&limit=500`)
          .set('cookie', cookies.nurse);
        return (res.body.items as { id: string; kind: string; enrolmentId: string }[]).find(
          (i) => i.kind === kind && i.enrolmentId === enrolmentId,
        );
      });
    // The nurse books for the patient (in ten minutes), then checks them in.
    const booking = await openItem('booking');
    const appointment = new Date(Date.now() + 10 * 60_000).toISOString();
    const booked = await api()
      .post(`/api/work-items/${encodeURIComponent(booking.id)}/complete`)
      .set('cookie', cookies.nurse)
      .send({ values: { appuntamento: appointment } });
    assert.equal(booked.status, 200, JSON.stringify(booked.body));
    const checkIn = await openItem('check-in');
    const checked = await api()
      .post(`/api/work-items/${encodeURIComponent(checkIn.id)}/complete`)
      .set('cookie', cookies.nurse)
      .send({});
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    // The video step opens its room.
    const video = await openItem('video');
    const session = await waitFor('the televisit room open', async () => {
      const res = await api()
        .get(`/api/video-sessions?patientId=${patientId}&status=open`)
        .set('cookie', cookies.doctor);
      return (res.body.sessions as SessionView[]).find((x) => x.workItemId === video.id);
    });
    const patient = await join('patient', session.id);
    const doctor = await join('doctor', session.id);
    await api()
      .post(`/api/video-sessions/${session.id}/admit`)
      .set('cookie', cookies.doctor)
      .send({ participantId: patient.session.me!.participantId });
    const inRoom = [];
    for (const [who, token] of [
      ['patient', patient.token],
      ['doctor', doctor.token],
    ] as const) {
      const c = await connect(who, session.id, token);
      assert.equal(c.status, 200, JSON.stringify(c.body));
      inRoom.push(await enterRoom(janus!.janus.url, c.body as Credentials));
      await api()
        .post(`/api/video-sessions/${session.id}/presence`)
        .set('cookie', cookies[who])
        .send({ token, event: 'joined' });
    }
    await waitFor('both in the room', async () => {
      const v = (await sessionAs('doctor', session.id)).body.session as SessionView;
      return v.people.filter((p) => p.state === 'in-call').length === 2;
    });
    const ended = await api()
      .post(`/api/video-sessions/${session.id}/end`)
      .set('cookie', cookies.doctor)
      .send({});
    assert.equal(ended.body.session.outcome, 'attended', JSON.stringify(ended.body));
    for (const r of inRoom) await r.leave().catch(() => undefined);
    // The pathway moves on to the Referto di Televisita for the doctor.
    const report = await openItem('document');
    assert.ok(report);
    assert.equal((await workItem(video.id))?.status, 'done');
  });

  it('reports a no-show to the pathway when a required participant never came', async function () {
    const s = await openVideoSession(t.baseUrl, cookies, patientId);
    const doctor = await join('doctor', s.sessionId);
    const dc = await connect('doctor', s.sessionId, doctor.token);
    assert.equal(dc.status, 200, JSON.stringify(dc.body));
    const inDoctor = await enterRoom(janus!.janus.url, dc.body as Credentials);
    await api()
      .post(`/api/video-sessions/${s.sessionId}/presence`)
      .set('cookie', cookies.doctor)
      .send({ token: doctor.token, event: 'joined' });
    await waitFor('the doctor seen in the room', async () => {
      const v = (await sessionAs('doctor', s.sessionId)).body.session as SessionView;
      return v.people.some((p) => p.role === 'doctor' && p.state === 'in-call');
    });
    const ended = await api()
      .post(`/api/video-sessions/${s.sessionId}/end`)
      .set('cookie', cookies.doctor)
      .send({});
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    await inDoctor.leave().catch(() => undefined);
    assert.equal(ended.body.session.outcome, 'no-show');
    assert.deepEqual(ended.body.session.attended, ['doctor']);
    await waitFor(
      'the work item no-show',
      async () => (await workItem(s.workItemId))?.status === 'no-show',
    );
    const e = await waitFor('the enrolment ended', async () => {
      const body = await enrolment(s.enrolmentId);
      const en = body.enrolment ?? body;
      return en.status === 'completed' ? en : null;
    });
    assert.equal(e.outcome, 'no-show');
  });

  it('opens the room at the time the step says, not before', async function () {
    const s = await openVideoSession(t.baseUrl, cookies, patientId, {
      opensAfter: 'PT4S',
      status: 'scheduled',
    });
    const early = await api()
      .post(`/api/video-sessions/${s.sessionId}/join`)
      .set('cookie', cookies.patient)
      .send({});
    assert.equal(early.status, 409);
    assert.match(early.body.detail, /non è ancora aperta/);
    await waitFor('the room open', async () => {
      const v = (await sessionAs('patient', s.sessionId)).body.session as SessionView;
      return v.status === 'open';
    });
    // Closing the work item by hand (a visit held by phone) closes the room too.
    const done = await api()
      .post(`/api/work-items/${encodeURIComponent(s.workItemId)}/complete`)
      .set('cookie', cookies.doctor)
      .send({ attended: ['patient', 'doctor'] });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    await waitFor('the session cancelled', async () => {
      const v = (await sessionAs('patient', s.sessionId)).body.session as SessionView;
      return v.status === 'cancelled';
    });
  });

  it('proxies the browsers to Janus only for signed-in people', async function () {
    const url = `${t.baseUrl.replace(/^http/, 'ws')}/api/video/janus`;
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, 'janus-protocol');
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    assert.equal(refused, 401);
    const answer = await new Promise<{ janus: string }>((resolve, reject) => {
      const ws = new WebSocket(url, 'janus-protocol', { headers: { cookie: cookies.patient } });
      ws.on('open', () => ws.send(JSON.stringify({ janus: 'info', transaction: 'x' })));
      ws.on('message', (d: Buffer) => {
        resolve(JSON.parse(d.toString('utf8')) as { janus: string });
        ws.close();
      });
      ws.on('error', reject);
    });
    assert.equal(answer.janus, 'server_info');
  });
});

describe('video sessions without Janus', function () {
  this.timeout(60_000);
  let t: TestPlatform;

  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t?.close());

  it('says that video is unavailable, and nothing else breaks', async function () {
    const u = demoUsers.centro;
    const cookies = {
      designer: await loginCookie(t.baseUrl, u.designer),
      nurse: await loginCookie(t.baseUrl, u.nurse),
      doctor: await loginCookie(t.baseUrl, u.doctor),
      patient: await loginCookie(t.baseUrl, u.patient),
    };
    const patientId = (
      await request(t.baseUrl).get('/api/me/patient').set('cookie', cookies.patient)
    ).body.patient.id as string;
    const s = await openVideoSession(t.baseUrl, cookies, patientId, { status: 'unavailable' });
    const v = await request(t.baseUrl)
      .get(`/api/video-sessions/${s.sessionId}`)
      .set('cookie', cookies.patient);
    assert.match(v.body.session.unavailableReason, /Video non disponibile/);
    const join = await request(t.baseUrl)
      .post(`/api/video-sessions/${s.sessionId}/join`)
      .set('cookie', cookies.patient)
      .send({});
    assert.equal(join.status, 503);
    assert.match(join.body.detail, /Video non disponibile/);
    // The step can still be recorded by hand (a visit held another way), and the pathway goes on.
    const done = await request(t.baseUrl)
      .post(`/api/work-items/${encodeURIComponent(s.workItemId)}/complete`)
      .set('cookie', cookies.doctor)
      .send({ attended: ['patient', 'doctor'] });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const health = await request(t.baseUrl).get('/api/health');
    assert.equal(health.status, 200);
  });
});
