import { renderCdaDocument } from '../../cda/header.js';
import { appendClinicalBody } from './clinical-body.js';
import { rsaHeaderOptions, type RsaModel } from './model.js';
import { rsaOutline } from './outline.js';

/**
 * The RSA as HL7 CDA R2 (template 2.16.840.1.113883.2.9.10.1.9.1): the shared header, then
 * the outline's sections with their coded entries. Same model, same bytes.
 */
export function renderRsaCda(model: RsaModel): string {
  const outline = rsaOutline(model);
  return renderCdaDocument('rsa', model.header, rsaHeaderOptions(model), (body) =>
    appendClinicalBody(
      body,
      outline.sections,
      {
        quesitoCodes: model.quesito?.codes ?? [],
        clinicalHistory: model.clinicalHistory,
        previousExams: model.previousExams,
        services: model.services,
        diagnoses: model.diagnoses,
        recommendedTests: model.recommendedTests,
        recommendedDrugs: model.recommendedTherapy?.items ?? [],
      },
      'rsa',
    ),
  );
}
