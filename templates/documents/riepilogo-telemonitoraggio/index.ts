import type { DocumentTypeSpec } from '../document-type.js';
import { type RiepilogoTelemonitoraggio, riepilogoTelemonitoraggioModel } from './model.js';
import { riepilogoOutline } from './outline.js';
import { riepilogoSamples } from './samples.js';

/** The telemonitoring period summary: a PDF for the patient's file, never sent to the FSE. */
export const riepilogoTelemonitoraggio: DocumentTypeSpec<RiepilogoTelemonitoraggio> = {
  type: 'riepilogo-telemonitoraggio',
  cda: null,
  title: { it: 'Riepilogo di telemonitoraggio', en: 'Telemonitoring summary' },
  model: riepilogoTelemonitoraggioModel,
  outline: riepilogoOutline,
  samples: riepilogoSamples,
};
