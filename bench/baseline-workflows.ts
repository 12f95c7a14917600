import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/**
 * Bench-only bundle entry: the platform's workflows plus the bare-Temporal baselines they are
 * measured against on the same server and the same worker. Never part of the production bundle.
 */
export { pathwayWorkflow } from '../workflows/pathway-workflow.js';

/** The cheapest workflow there is: started, done. */
export async function emptyWorkflow(): Promise<void> {}

export const noopUpdate = defineUpdate<number, [number]>('noop');
export const stopSignal = defineSignal('stop');

/** A workflow that answers an update without doing anything: the floor for an update's cost. */
export async function noopUpdateWorkflow(): Promise<void> {
  let stopped = false;
  setHandler(noopUpdate, (n) => n);
  setHandler(stopSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
}
