import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal.js';

const dir = path.join(import.meta.dirname, 'histories');
const load = (file: string) =>
  historyFromJSON(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));

/**
 * Committed histories of the interpreter (recorded by record-histories.ts) replay against
 * today's workflow code: a change that would break running enrolments fails here first.
 * Interpreter changes go behind `patched()` so that these keep passing.
 */
describe('pathway workflow: replay of committed histories', function () {
  this.timeout(120_000);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();

  it('has histories to replay', () => {
    assert.ok(files.length >= 3, files.join(', '));
  });

  for (const file of files) {
    it(`replays ${file} without non-determinism`, async () => {
      const history = load(file);
      assert.ok((history.events?.length ?? 0) > 10, 'a real recorded run');
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
    });
  }

  it('fails on drift: a history whose recorded commands differ from the code is refused', async () => {
    const history = load('benvenuto-1.1.0.json');
    // The recorded run waited (a timer); with no wait the code now decides differently.
    const payload =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    assert.ok(payload?.data);
    const input = JSON.parse(Buffer.from(payload.data).toString('utf8'));
    assert.equal(input.inputs.waitSeconds, 1);
    input.inputs.waitSeconds = 0;
    payload.data = Buffer.from(JSON.stringify(input), 'utf8');
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'drifted'),
      (err: Error) => err.name === 'DeterminismViolationError',
    );
  });
});
