import { proxyActivities } from '@temporalio/workflow';
import type { PublicationOutcome } from '../activities/documents/fse-publication.js';
import type { PlatformActivities } from '../activities/index.js';
import type { DocumentPublicationInput } from './messages.js';

const activities = proxyActivities<PlatformActivities>({
  // One gateway call (upload + synchronous validation) is bounded at 60 s by the client.
  startToCloseTimeout: '2 minutes',
  // A report must reach the FSE: keep trying for a week while the gateway is down; its
  // refusals (the document or its metadata are wrong) are not retried: they need a person.
  scheduleToCloseTimeout: '7 days',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '15 minutes',
    nonRetryableErrorTypes: ['FseRejected', 'FseRequestInvalid', 'DocumentNotFound'],
  },
});

/**
 * Publishes one clinical document to the FSE 2.0 gateway (creation, or replacement when it
 * is a new version of a published one), or withdraws it. Started by the API once the
 * document is stored, with the document id as workflow id, so a document is sent once
 * however often the request is repeated; the activity records each attempt on the
 * document, so people see "pending, gateway unavailable" rather than nothing.
 */
export async function documentPublicationWorkflow(
  input: DocumentPublicationInput,
): Promise<PublicationOutcome> {
  return input.action === 'publish'
    ? activities.publishDocumentToFse({ documentId: input.documentId })
    : activities.withdrawDocumentFromFse({ documentId: input.documentId });
}
