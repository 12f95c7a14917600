/** Entry point bundled for the worker: every workflow type the platform registers. */
export { enrolmentWorkflow } from './enrolment-workflow.js';
