import { cdaTypes } from '../../conformance/cda-conformance.js';
import type { DocumentTypeSpec } from '../document-type.js';
import { renderRsaCda } from './cda.js';
import { rsaModel, type RsaModel } from './model.js';
import { rsaOutline } from './outline.js';
import { rsaSamples } from './samples.js';

/** Referto di Specialistica Ambulatoriale (FSE type "rsa"). */
export const rsa: DocumentTypeSpec<RsaModel> = {
  type: 'rsa',
  cda: 'rsa',
  title: cdaTypes.rsa.title,
  model: rsaModel,
  outline: rsaOutline,
  renderCda: renderRsaCda,
  samples: rsaSamples,
};
