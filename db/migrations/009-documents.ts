import type { Knex } from 'knex';

/**
 * Clinical documents (issue 6).
 *
 * - `clinical_documents`: every version of every document Percorsi produced, as rendered and
 *   checked: the model it came from, the CDA R2 XML (for FSE types), the PDF with the CDA
 *   embedded, both SHA-256, the conformance summary, and where its FSE publication stands.
 *   A version is immutable once stored; a replacement is a new row of the same set
 *   (`set_id`, `version` + 1, `replaces_id`) and marks the previous one superseded.
 * - `users.codice_fiscale`: clinicians sign documents; the CDA identifies them by codice
 *   fiscale.
 * - `tenants.document_settings`: custodian, document OIDs, facility, branding and FSE
 *   metadata of the organisation (JSON, checked with zod on read and write).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('codice_fiscale', 16).nullable();
  });
  await knex.schema.alterTable('tenants', (t) => {
    t.text('document_settings').nullable();
  });
  await knex.schema.createTable('clinical_documents', (t) => {
    t.uuid('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('patient_id').notNullable().references('patients.id');
    t.uuid('enrolment_id').nullable();
    t.string('type', 48).notNullable();
    t.string('title', 200).notNullable();
    // CDA ClinicalDocument.id / setId (root^extension) and version.
    t.string('cda_id', 300).notNullable();
    t.string('set_id', 300).notNullable();
    t.integer('version').notNullable();
    t.uuid('replaces_id').nullable();
    // 'current' | 'superseded' | 'withdrawn'
    t.string('status', 16).notNullable();
    t.text('model').notNullable();
    t.text('cda_xml').nullable();
    t.string('cda_sha256', 64).nullable();
    t.binary('pdf').notNullable();
    t.string('pdf_sha256', 64).notNullable();
    t.integer('pdf_bytes').notNullable();
    // { schematron, assertionsChecked, warnings: [{id, message}] }
    t.text('conformance').nullable();
    t.string('author_username', 100).notNullable();
    t.string('author_name', 200).notNullable();
    t.string('author_role', 16).notNullable();
    t.string('source', 200).nullable();
    t.string('idempotency_key', 100).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    // FSE: 'not-applicable' | 'pending' | 'published' | 'rejected' | 'replaced' | 'withdrawing' | 'withdrawn'
    t.string('fse_status', 16).notNullable();
    t.text('fse_detail').nullable();
    t.string('fse_trace_id', 100).nullable();
    t.string('fse_workflow_instance_id', 256).nullable();
    t.timestamp('fse_updated_at', { useTz: true }).nullable();
    t.unique(['tenant_id', 'set_id', 'version']);
    t.unique(['tenant_id', 'idempotency_key']);
    t.index(['tenant_id', 'patient_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('clinical_documents');
  await knex.schema.alterTable('tenants', (t) => {
    t.dropColumn('document_settings');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('codice_fiscale');
  });
}
