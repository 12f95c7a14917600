import type { Response } from 'express';

/**
 * Files the API hands out for download (report exports, clinical-audit exports): RFC 4180 CSV
 * (comma, CRLF) with a UTF-8 byte-order mark so that spreadsheet programs read accented
 * letters right, sent as an attachment that no cache keeps.
 */

function csvCell(v: unknown): string {
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function sendAttachment(
  res: Response,
  type: string,
  fileName: string,
  body: Buffer | string,
): void {
  res
    .status(200)
    .type(type)
    .setHeader('cache-control', 'private, no-store')
    .setHeader('content-disposition', `attachment; filename="${fileName}"`)
    .send(body);
}
