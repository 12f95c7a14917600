/** The designer's preview of a document type. */
export function designerDocumentPath(type: string): string {
  return `/designer/documenti/${encodeURIComponent(type)}`;
}

export const designerDocumentsPath = '/designer/documenti';
