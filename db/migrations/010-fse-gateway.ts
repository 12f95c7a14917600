import type { Knex } from 'knex';

/**
 * The embedded FSE 2.0 gateway's own records (api/fse-gateway/), standing in for what the
 * national gateway, INI and EDS keep: the CDAs validated for publication (by the hash the
 * publication is matched on), the documents indexed under their identificativoDoc and the
 * transaction events the status services return. Not tenant data: the gateway serves whoever
 * holds a valid token, as the national one does.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fse_gateway_validations', (t) => {
    t.string('workflow_instance_id', 256).primary();
    // SHA-256 (hex) of the CDA without its legalAuthenticator: signing after validating is allowed.
    t.string('cda_hash', 64).notNullable();
    t.string('trace_id', 100).notNullable();
    t.string('issuer', 100).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['cda_hash']);
  });
  await knex.schema.createTable('fse_gateway_documents', (t) => {
    // XDSDocumentEntry.uniqueId, e.g. 2.16.840.1.113883.2.9.2.90.4.4^123.
    t.string('id_doc', 256).primary();
    // 'published' | 'replaced' | 'deleted'.
    t.string('status', 16).notNullable();
    t.string('cda_sha256', 64).notNullable();
    t.string('pdf_sha256', 64).notNullable();
    // LOINC code of the CDA (ClinicalDocument/code), and the platform's CdaType when known.
    t.string('document_type', 32).notNullable();
    t.string('cda_type', 32).nullable();
    t.string('patient_id', 100).notNullable();
    t.text('metadata').notNullable();
    t.string('workflow_instance_id', 256).notNullable();
    t.string('replaces', 256).nullable();
    t.string('replaced_by', 256).nullable();
    t.string('issuer', 100).notNullable();
    t.string('organization_id', 16).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('deleted_at', { useTz: true }).nullable();
    t.index(['patient_id']);
  });
  await knex.schema.createTable('fse_gateway_events', (t) => {
    t.bigIncrements('id').primary();
    t.string('workflow_instance_id', 256).notNullable();
    t.string('trace_id', 100).notNullable();
    // VALIDATION, PUBLICATION, REPLACE, DELETE, UPDATE, SEND_TO_INI, SEND_TO_EDS, …
    t.string('event_type', 40).notNullable();
    // SUCCESS | BLOCKING_ERROR.
    t.string('event_status', 20).notNullable();
    t.text('message').nullable();
    t.string('id_doc', 256).nullable();
    t.string('subject', 100).nullable();
    t.string('subject_role', 16).nullable();
    t.string('tipo_attivita', 16).nullable();
    t.string('organization_id', 16).nullable();
    t.string('issuer', 100).nullable();
    t.timestamp('event_date', { useTz: true }).notNullable();
    t.timestamp('expiring_date', { useTz: true }).notNullable();
    t.index(['workflow_instance_id']);
    t.index(['trace_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('fse_gateway_events');
  await knex.schema.dropTable('fse_gateway_documents');
  await knex.schema.dropTable('fse_gateway_validations');
}
