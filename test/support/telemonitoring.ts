import assert from 'node:assert/strict';
import request from 'supertest';
import { waitFor } from './api-client.js';

export interface OpenAlert {
  id: string;
  severity: string;
  patientId: string;
  [key: string]: unknown;
}

/**
 * Enrols the patient in the COPD telemonitoring pathway (SpO2 threshold 92 %), sends a
 * desaturation (86 %) as the patient, and waits for the red alert it raises.
 */
export async function enrolWithRedAlert(
  baseUrl: string,
  cookies: { nurse: string; patient: string },
  patientId: string,
): Promise<{ enrolmentId: string; alert: OpenAlert }> {
  const api = () => request(baseUrl);
  const enrolled = await api()
    .post('/api/enrolments')
    .set('cookie', cookies.nurse)
    .send({ patientId, pathwayId: 'bpco-telemonitoraggio', inputs: { spo2Min: 92 } });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
  const low = await api()
    .post('/api/me/readings')
    .set('cookie', cookies.patient)
    .send({ values: { spo2: 86, heartRate: 88 } });
  assert.equal(low.status, 200, JSON.stringify(low.body));
  const alert = await waitFor('the red alert', async () => {
    const res = await api().get('/api/alerts?status=open').set('cookie', cookies.nurse);
    return (res.body.items as OpenAlert[]).find(
      (a) => a.severity === 'red' && a.patientId === patientId,
    );
  });
  const body = enrolled.body as { id?: string; enrolment?: { id: string } };
  return { enrolmentId: body.id ?? body.enrolment!.id, alert };
}
