import { cdaTypes } from '../../conformance/cda-conformance.js';
import type { DocumentTypeSpec } from '../document-type.js';
import { renderTelevisitaCda } from './cda.js';
import { refertoTelevisitaModel, type RefertoTelevisitaModel } from './model.js';
import { televisitaOutline } from './outline.js';
import { televisitaSamples } from './samples.js';

export const refertoTelevisita: DocumentTypeSpec<RefertoTelevisitaModel> = {
  type: 'referto-televisita',
  cda: 'referto-televisita',
  title: cdaTypes['referto-televisita'].title,
  model: refertoTelevisitaModel,
  outline: televisitaOutline,
  renderCda: renderTelevisitaCda,
  samples: televisitaSamples,
};
