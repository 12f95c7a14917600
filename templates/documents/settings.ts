import { z } from 'zod';
import { branding, custodian, facility, oid } from './header.js';

/**
 * What an organisation (tenant) must configure before it produces clinical documents: who
 * keeps them (custodian), the OID under which it numbers them, the facility its telemedicine
 * encounters happen in, the PDF branding, and the FSE metadata the gateway asks for.
 */
export const documentSettings = z.object({
  custodian,
  /** OID of the organisation's document identifiers (ClinicalDocument.id/@root). */
  documentIdRoot: oid,
  /** OID of its encounter identifiers (encompassingEncounter/id/@root). */
  encounterIdRoot: oid,
  facility,
  branding,
  fse: z.object({
    tipologiaStruttura: z
      .enum(['Ospedale', 'Prevenzione', 'Territorio', 'SistemaTS', 'Cittadino', 'MdsPN_DGC'])
      .default('Ospedale'),
    /** Assetto organizzativo (AD_PSCnnn), e.g. AD_PSC001 Allergologia. */
    assettoOrganizzativo: z.string().regex(/^AD_PSC\d{3}$/),
    /** Repository identifier the region assigned to the organisation. */
    identificativoRep: z.string().min(1).max(100),
    /** Region (ISTAT 3 digits) for the JWT `locality`/`subject_organization_id`. */
    regionCode: z.string().regex(/^\d{3}$/),
  }),
});
export type DocumentSettings = z.infer<typeof documentSettings>;
export type DocumentSettingsInput = z.input<typeof documentSettings>;
