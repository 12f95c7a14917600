import assert from 'node:assert/strict';
import { windowStart } from '../../pathways/time.js';

describe('trend windows', () => {
  const zone = 'Europe/Rome';
  it('counts whole days back to the start of the first day, in the zone', () => {
    // Thursday 08:10 in Rome → three days back is Monday, from 00:00 Rome (23:00Z Sunday).
    const thursday = Date.parse('2026-11-26T07:10:00Z');
    assert.equal(
      new Date(windowStart(thursday, 'P3D', zone)).toISOString(),
      '2026-11-22T23:00:00.000Z',
    );
  });
  it('keeps hours exact, also across the change to summer time', () => {
    const at = Date.parse('2026-03-29T03:30:00Z');
    assert.equal(windowStart(at, 'PT6H', zone), at - 6 * 3_600_000);
    // Days across the change: Sunday 29 March is 23 hours long; the window still starts at local midnight.
    assert.equal(new Date(windowStart(at, 'P1D', zone)).toISOString(), '2026-03-27T23:00:00.000Z');
  });
});
