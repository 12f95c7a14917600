import assert from 'node:assert/strict';
import request from 'supertest';

/**
 * A small pathway for questionnaire tests: the patient is asked at once for the pain scale
 * (built-in form `dolore-nrs`, "latest" version pinned at enrolment); a pain of 7 or more
 * raises a red alert for the nurse; then the nurse reviews the answers and the pathway ends.
 */
export function painCheckPathway(id = 'prova-dolore', version = '1.0.0') {
  return {
    schemaVersion: 1,
    id,
    version,
    kind: 'telemonitoring',
    title: { it: 'Prova: controllo del dolore', en: 'Test: pain check' },
    description: {
      it: 'Chiede subito al paziente la scala del dolore e avvisa se è intenso.',
      en: 'Asks the patient for the pain scale at once and alerts when it is severe.',
    },
    roles: ['patient', 'nurse'],
    duration: 'P7D',
    dataPoints: {
      dolore: { type: 'score', title: { it: 'Dolore (NRS)', en: 'Pain (NRS)' }, min: 0, max: 10 },
    },
    tracks: [
      {
        id: 'principale',
        title: { it: 'Controllo', en: 'Check' },
        steps: [
          {
            id: 'scala-dolore',
            title: { it: 'Quanto dolore senti?', en: 'How much pain do you feel?' },
            type: 'form',
            form: { id: 'dolore-nrs' },
            assignee: 'patient',
            produces: { dolore: 'dolore' },
            due: 'P1D',
          },
          {
            id: 'revisione',
            title: { it: 'Rivedere le risposte', en: 'Review the answers' },
            type: 'task',
            assignee: 'nurse',
            due: 'P1D',
          },
          { id: 'fine', title: { it: 'Fine', en: 'End' }, type: 'end', outcome: 'completed' },
        ],
      },
    ],
    rules: [
      {
        id: 'dolore-intenso',
        title: { it: 'Dolore intenso', en: 'Severe pain' },
        when: { '>=': [{ var: 'dolore' }, 7] },
        then: [
          {
            do: 'alert',
            severity: 'red',
            title: { it: 'Dolore intenso riferito', en: 'Severe pain reported' },
            assignee: 'nurse',
            acknowledgeWithin: 'PT1H',
          },
        ],
      },
    ],
  };
}

/** Saves and publishes a pathway as the tenant's designer (through the API). */
export async function publishPathway(
  baseUrl: string,
  designerCookie: string,
  definition: { id: string; version: string },
): Promise<void> {
  const saved = await request(baseUrl)
    .post('/api/pathways')
    .set('cookie', designerCookie)
    .send({ definition });
  assert.ok(
    saved.status === 201 || saved.status === 409,
    `draft of ${definition.id}: ${saved.status} ${JSON.stringify(saved.body)}`,
  );
  if (saved.status === 409) return; // published by an earlier test on this database
  const published = await request(baseUrl)
    .post(`/api/pathways/${definition.id}/versions/${definition.version}/publish`)
    .set('cookie', designerCookie);
  assert.equal(published.status, 200, JSON.stringify(published.body));
}
