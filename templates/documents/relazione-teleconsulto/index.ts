import { cdaTypes } from '../../conformance/cda-conformance.js';
import type { DocumentTypeSpec } from '../document-type.js';
import { renderRelazioneTeleconsultoCda } from './cda.js';
import { relazioneTeleconsultoModel, type RelazioneTeleconsultoModel } from './model.js';
import { relazioneTeleconsultoOutline } from './outline.js';
import { relazioneTeleconsultoSamples } from './samples.js';

/** Relazione (collaborativa) di Teleconsulto (FSE type "relazione-teleconsulto"). */
export const relazioneTeleconsulto: DocumentTypeSpec<RelazioneTeleconsultoModel> = {
  type: 'relazione-teleconsulto',
  cda: 'relazione-teleconsulto',
  title: cdaTypes['relazione-teleconsulto'].title,
  model: relazioneTeleconsultoModel,
  outline: relazioneTeleconsultoOutline,
  renderCda: renderRelazioneTeleconsultoCda,
  samples: relazioneTeleconsultoSamples,
};
