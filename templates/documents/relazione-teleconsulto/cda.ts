import { renderCdaDocument } from '../../cda/header.js';
import { appendClinicalBody } from '../rsa/clinical-body.js';
import { teleconsultoHeaderOptions, type RelazioneTeleconsultoModel } from './model.js';
import { relazioneTeleconsultoOutline } from './outline.js';

/**
 * The teleconsultation report as HL7 CDA R2 (template 2.16.840.1.113883.2.9.10.1.16.2.1):
 * the shared header with the consultants as authors and the requester as participant, then
 * the outline's sections with the teleconsultation profile of the coded entries.
 */
export function renderRelazioneTeleconsultoCda(model: RelazioneTeleconsultoModel): string {
  const outline = relazioneTeleconsultoOutline(model);
  return renderCdaDocument(
    'relazione-teleconsulto',
    model.header,
    teleconsultoHeaderOptions(model),
    (body) =>
      appendClinicalBody(
        body,
        outline.sections,
        {
          quesitoCodes: model.quesito.code ? [model.quesito.code] : [],
          clinicalHistory: model.clinicalSummary,
          previousExams: model.previousExams,
          services: model.services,
          serviceSpecialties: (i) => {
            const service = model.services[i];
            if (!service) throw new RangeError(`prestazione ${i} assente`);
            return { branca: service.branca, disciplina: service.disciplina };
          },
          diagnoses: model.diagnoses,
          recommendedTests: model.recommendedTests,
          recommendedDrugs: model.recommendedTherapy?.items ?? [],
        },
        'teleconsulto',
      ),
  );
}
