/** Entry point bundled for the worker: every workflow type the platform registers. */
export { pathwayWorkflow } from './pathway-workflow.js';
export { notificationDeliveryWorkflow } from './notification-delivery-workflow.js';
export { documentPublicationWorkflow } from './document-publication-workflow.js';
export { videoSessionWorkflow } from './video-session-workflow.js';
