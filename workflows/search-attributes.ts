import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes the platform sets on enrolment workflows. `npm start` registers them on
 * the namespace (scripts/temporal-setup.ts); none of them carries patient data.
 */
export const TenantId = defineSearchAttributeKey('PercorsiTenantId', SearchAttributeType.KEYWORD);
export const PathwayId = defineSearchAttributeKey('PercorsiPathwayId', SearchAttributeType.KEYWORD);
export const PathwayVersion = defineSearchAttributeKey(
  'PercorsiPathwayVersion',
  SearchAttributeType.KEYWORD,
);
export const EnrolmentStatus = defineSearchAttributeKey(
  'PercorsiEnrolmentStatus',
  SearchAttributeType.KEYWORD,
);

export const platformSearchAttributes = [TenantId, PathwayId, PathwayVersion, EnrolmentStatus];
