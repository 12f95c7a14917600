import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { PathwayDefinitionInput } from '../../pathways/definition.js';
import { waitFor } from './api-client.js';

export type VideoRole = 'patient' | 'caregiver' | 'nurse' | 'doctor' | 'consultant';

export interface VideoSessionSummary {
  id: string;
  workItemId: string;
  enrolmentId: string;
  status: string;
  outcome: string | null;
  attended: string[];
  opensAt: string;
  expiresAt: string;
  [key: string]: unknown;
}

/**
 * A televisit pathway reduced to its video step: the room opens `opensAfter` after the start
 * (at once by default), the step names `participants` and requires `required`; a no-show sets
 * a data point and ends the pathway with outcome "no-show", a held visit with "completed".
 */
export function videoPathway(
  id: string,
  o: { participants?: VideoRole[]; required?: VideoRole[]; opensAfter?: string; due?: string } = {},
): PathwayDefinitionInput {
  const participants = o.participants ?? ['patient', 'doctor'];
  return {
    schemaVersion: 1,
    id,
    version: '1.0.0',
    kind: 'televisit',
    title: { it: 'Televisita di prova', en: 'Test televisit' },
    description: { it: 'Una televisita e il suo esito.', en: 'A televisit and its outcome.' },
    roles: participants,
    duration: 'P30D',
    dataPoints: {
      mancataPresentazione: {
        type: 'boolean',
        title: { it: 'Mancata presentazione', en: 'No-show' },
      },
    },
    tracks: [
      {
        id: 'visita',
        title: { it: 'Televisita', en: 'Televisit' },
        steps: [
          {
            id: 'collegamento',
            title: { it: 'Televisita di controllo', en: 'Follow-up televisit' },
            type: 'video',
            participants,
            required: o.required ?? participants,
            duration: 'PT30M',
            ...(o.opensAfter ? { opensAfter: o.opensAfter } : {}),
            ...(o.due ? { due: o.due } : {}),
            onNoShow: [{ do: 'set', dataPoint: 'mancataPresentazione', value: true }],
          },
          {
            id: 'verifica',
            title: { it: 'Verifica', en: 'Check' },
            type: 'branch',
            cases: [
              {
                when: { '==': [{ var: 'mancataPresentazione' }, true] },
                goto: 'esito-mancata',
              },
            ],
          },
          {
            id: 'fine',
            title: { it: 'Televisita svolta', en: 'Televisit held' },
            type: 'end',
            outcome: 'completed',
          },
          {
            id: 'esito-mancata',
            title: { it: 'Mancata presentazione', en: 'No-show' },
            type: 'end',
            outcome: 'no-show',
          },
        ],
      },
    ],
  };
}

/**
 * Publishes a fresh video pathway (its own id: no clash with other tests), enrols the patient
 * and waits until the session exists and (unless it opens later) is open.
 */
export async function openVideoSession(
  baseUrl: string,
  cookies: { designer: string; nurse: string; patient?: string },
  patientId: string,
  options: {
    participants?: VideoRole[];
    required?: VideoRole[];
    opensAfter?: string;
    due?: string;
    /** Wait for this status (default 'open'). */
    status?: string;
  } = {},
): Promise<{ enrolmentId: string; sessionId: string; workItemId: string; pathwayId: string }> {
  const api = () => request(baseUrl);
  const pathwayId = `televisita-prova-${randomBytes(4).toString('hex')}`;
  const draft = await api()
    .post('/api/pathways')
    .set('cookie', cookies.designer)
    .send({ definition: videoPathway(pathwayId, options) });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  const pub = await api()
    .post(`/api/pathways/${pathwayId}/versions/1.0.0/publish`)
    .set('cookie', cookies.designer);
  assert.equal(pub.status, 200, JSON.stringify(pub.body));
  const enrolled = await api()
    .post('/api/enrolments')
    .set('cookie', cookies.nurse)
    .send({ patientId, pathwayId });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
  const body = enrolled.body as { id?: string; enrolment?: { id: string } };
  const enrolmentId = body.id ?? body.enrolment!.id;
  const wanted = options.status ?? 'open';
  const session = await waitFor(`the video session (${wanted})`, async () => {
    const res = await api()
      .get(`/api/video-sessions?patientId=${patientId}`)
      .set('cookie', cookies.nurse);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.sessions as VideoSessionSummary[]).find(
      (s) => s.enrolmentId === enrolmentId && s.status === wanted,
    );
  });
  return { enrolmentId, sessionId: session.id, workItemId: session.workItemId, pathwayId };
}
