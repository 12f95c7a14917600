import { cdaTypes } from '../../conformance/cda-conformance.js';
import type { DocumentTypeSpec } from '../document-type.js';
import { renderTeleassistenzaCda } from './cda.js';
import { relazioneTeleassistenzaModel, type RelazioneTeleassistenzaModel } from './model.js';
import { teleassistenzaOutline } from './outline.js';
import { teleassistenzaSamples } from './samples.js';

export const relazioneTeleassistenza: DocumentTypeSpec<RelazioneTeleassistenzaModel> = {
  type: 'relazione-teleassistenza',
  cda: 'relazione-teleassistenza',
  title: cdaTypes['relazione-teleassistenza'].title,
  model: relazioneTeleassistenzaModel,
  outline: teleassistenzaOutline,
  renderCda: renderTeleassistenzaCda,
  samples: teleassistenzaSamples,
};
