import { formMessages } from '../../../forms/messages';
import type { Language } from '../i18n/i18n';

/**
 * How Percorsi sets up the Form.io builder: only the component types a Percorsi form may use
 * (the server's `lintForm` refuses the others), no JavaScript panels (the evaluator runs with
 * `noeval`), no "Logic" and "Layout" tabs, and Italian labels for what a designer reads most.
 */

/** Component types offered in the sidebar, by Form.io group (see forms/definition.ts). */
const allowedTypes = new Set([
  // basic
  'textfield',
  'textarea',
  'number',
  'checkbox',
  'selectboxes',
  'select',
  'radio',
  'button',
  // advanced ("datetime" is left out: its calendar would come from a CDN, which the CSP forbids)
  'email',
  'phoneNumber',
  'day',
  'time',
  // layout
  'htmlelement',
  'content',
  'columns',
  'fieldset',
  'panel',
  'table',
  'tabs',
  'well',
  // data
  'hidden',
  'datagrid',
]);

const groupTitles: Record<string, { weight: number }> = {
  basic: { weight: 0 },
  advanced: { weight: 10 },
  layout: { weight: 20 },
  data: { weight: 30 },
};

/** Tabs of the component settings dialog that a Percorsi form cannot use. */
const hiddenTabs = [
  { key: 'logic', ignore: true },
  { key: 'layout', ignore: true },
];

/**
 * Sidebar names in Italian, also the default label of a new component (so that a designer who
 * keeps it gets an Italian form). Not translation keys: a form's own labels are never translated.
 */
const italianTitles: Record<string, string> = {
  textfield: 'Testo breve',
  textarea: 'Testo lungo',
  number: 'Numero',
  checkbox: 'Casella di spunta',
  selectboxes: 'Scelta multipla',
  select: 'Elenco a discesa',
  radio: 'Scelta singola',
  button: 'Pulsante',
  email: 'E-mail',
  phoneNumber: 'Telefono',
  day: 'Data (giorno, mese, anno)',
  time: 'Ora',
  htmlelement: 'Elemento HTML',
  content: 'Testo informativo',
  columns: 'Colonne',
  fieldset: 'Gruppo di campi',
  panel: 'Pannello',
  table: 'Tabella',
  tabs: 'Schede',
  well: 'Riquadro',
  hidden: 'Nascosto',
  datagrid: 'Tabella di righe',
};

/** Default labels of new components, where the sidebar name would not do. */
const italianLabels: Record<string, string> = { button: 'Invia' };

/** What Form.io's builder knows of a component type (its `builderInfo`). */
export interface BuilderInfo {
  group?: string;
  title?: string;
  schema?: Record<string, unknown>;
}

function italianInfo(type: string, info: BuilderInfo): BuilderInfo | null {
  const title = italianTitles[type];
  if (!title || !info.schema) return null;
  const schema = { ...info.schema };
  if (typeof schema.label === 'string') schema.label = italianLabels[type] ?? title;
  if (typeof schema.title === 'string') schema.title = title;
  if (typeof schema.legend === 'string') schema.legend = title;
  return { ...info, title, schema };
}

/** Builder labels in Italian, keyed by Form.io's English text or its translation key. */
const builderItalian: Record<string, string> = {
  // Sidebar
  Basic: 'Di base',
  Advanced: 'Avanzati',
  Layout: 'Impaginazione',
  Data: 'Dati',
  searchFields: 'Cerca',
  noMatchesFound: 'Nessun componente trovato',
  dragAndDropComponent: 'Trascina qui un componente dalla colonna a sinistra',
  // Component toolbar and settings dialog
  component: '— impostazioni',
  save: 'Salva',
  cancel: 'Annulla',
  remove: 'Elimina',
  preview: 'Anteprima',
  showPreview: 'Mostra anteprima',
  hidePreview: 'Nascondi anteprima',
  help: 'Guida',
  copy: 'Copia',
  pasteBelow: 'Incolla sotto',
  move: 'Sposta',
  edit: 'Modifica',
  editJson: 'Modifica JSON',
  confirmComponentRemove: 'Eliminare questo componente?',
  confirmComponentRemoveWithChildren:
    'Eliminando questo componente eliminerai anche quelli che contiene. Continuare?',
  // Settings tabs
  Display: 'Aspetto',
  Validation: 'Controlli',
  API: 'Chiave (API)',
  Conditional: 'Condizioni',
  // Common settings
  Label: 'Etichetta',
  'Label Position': 'Posizione dell’etichetta',
  Placeholder: 'Testo segnaposto',
  Description: 'Descrizione',
  Tooltip: 'Suggerimento',
  Prefix: 'Prefisso',
  Suffix: 'Suffisso',
  'Hide Label': 'Nascondi etichetta',
  Disabled: 'Disabilitato',
  'Initial Focus': 'Cursore iniziale',
  'Default Value': 'Valore predefinito',
  'Multiple Values': 'Valori multipli',
  Values: 'Scelte',
  Value: 'Valore',
  Rows: 'Righe',
  'Inline Layout': 'Scelte sulla stessa riga',
  'Storage Type': 'Tipo di dato salvato',
  Required: 'Obbligatorio',
  'Minimum Length': 'Lunghezza minima',
  'Maximum Length': 'Lunghezza massima',
  'Minimum Value': 'Valore minimo',
  'Maximum Value': 'Valore massimo',
  'Minimum Word Length': 'Numero minimo di parole',
  'Maximum Word Length': 'Numero massimo di parole',
  'Regular Expression Pattern': 'Espressione regolare',
  'Custom Error Message': 'Messaggio di errore personalizzato',
  'Validate On': 'Controlla quando',
  'Validate When Hidden': 'Controlla anche se nascosto',
  'Error Label': 'Nome del campo negli errori',
  'JSONLogic Validation': 'Controllo in JSONLogic',
  'Custom Errors': 'Messaggi di errore per regola',
  'Calculated Value': 'Valore calcolato',
  'Custom Default Value': 'Valore predefinito calcolato',
  Change: 'A ogni modifica',
  Blur: 'All’uscita dal campo',
  Top: 'Sopra',
  'Left (Left-aligned)': 'A sinistra (allineata a sinistra)',
  'Left (Right-aligned)': 'A sinistra (allineata a destra)',
  'Right (Left-aligned)': 'A destra (allineata a sinistra)',
  'Right (Right-aligned)': 'A destra (allineata a destra)',
  Bottom: 'Sotto',
  'Property Name': 'Chiave (nome del dato)',
  'Field Tags': 'Etichette del campo',
  'Custom Properties': 'Proprietà personalizzate',
  'Simple Conditional': 'Condizione semplice',
  'Advanced Conditional': 'Condizione avanzata',
  'This component should Display:': 'Il componente deve essere:',
  'When the form component:': 'Quando il componente:',
  'Has the value:': 'Ha il valore:',
  'JSON Logic': 'JSONLogic',
  Simple: 'Semplice',
  'Advanced Conditions': 'Condizioni avanzate (JSONLogic)',
  True: 'Mostrato',
  False: 'Nascosto',
  Title: 'Titolo',
  Text: 'Testo',
  Type: 'Tipo',
  Name: 'Nome',
};

/**
 * Options for Formio.builder. `componentGroups` maps each registered component type to its
 * sidebar group (from Form.io's own builderInfo), so that every other type can be switched off.
 */
export function builderOptions(
  language: Language,
  components: Record<string, BuilderInfo>,
  scopeClass: string,
): Record<string, unknown> {
  const builder: Record<string, unknown> = { premium: false, resource: false };
  for (const [group, { weight }] of Object.entries(groupTitles)) {
    const entries: Record<string, boolean | BuilderInfo> = {};
    for (const [type, info] of Object.entries(components)) {
      if (info.group !== group) continue;
      const allowed = allowedTypes.has(type);
      const italian = allowed && language === 'it' ? italianInfo(type, info) : null;
      entries[type] = italian ?? allowed;
    }
    builder[group] = {
      title: group.charAt(0).toUpperCase() + group.slice(1),
      weight,
      default: group === 'basic',
      components: entries,
    };
  }
  const editForm: Record<string, unknown[]> = {};
  for (const type of allowedTypes) editForm[type] = hiddenTabs;
  return {
    language,
    i18n: {
      it: { ...formMessages.it, ...builderItalian },
      en: formMessages.en,
    },
    builder,
    editForm,
    noDefaultSubmitButton: false,
    alwaysConfirmComponentRemoval: false,
    // The settings dialog is appended to <body>: this class brings Form.io's scoped CSS along.
    dialogAttr: { class: scopeClass },
  };
}

/** The renderer's texts and validation messages: the very dictionary the server uses. */
export const formI18n = { it: formMessages.it, en: formMessages.en };
