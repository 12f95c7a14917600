import type { Knex } from 'knex';

/**
 * Questionnaires (≈ FHIR Questionnaire / QuestionnaireResponse).
 *
 * - `form_versions`: Form.io definitions per tenant (`tenant_id` null for the built-ins),
 *   numbered 1, 2, 3…; a published row is immutable and its SHA-256 is kept beside it.
 * - `form_submissions`: every accepted submission with the exact version it was validated
 *   against, its enrolment, work item, patient and author. The idempotency key makes a
 *   repeated submission land once.
 * - `form_drafts`: answers saved while a person fills a form, one per person and work item.
 * - `enrolments.form_pins`: the form versions an enrolment uses where its pathway says
 *   "latest": resolved at enrolment and kept, so a later publish does not change a running
 *   patient's questionnaire.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('form_versions', (t) => {
    t.bigIncrements('id').primary();
    t.string('tenant_id', 64).nullable().references('tenants.id');
    t.string('form_id', 64).notNullable();
    t.integer('version').notNullable();
    t.string('status', 16).notNullable();
    t.string('title_it', 300).notNullable();
    t.string('title_en', 300).notNullable();
    t.text('definition').notNullable();
    t.string('sha256', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('created_by', 100).nullable();
    t.timestamp('published_at', { useTz: true }).nullable();
    t.string('published_by', 100).nullable();
    t.index(['form_id', 'status']);
  });
  await knex.raw(
    "create unique index form_versions_key on form_versions ((coalesce(tenant_id, '')), form_id, version)",
  );

  await knex.schema.createTable('form_submissions', (t) => {
    t.uuid('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('idempotency_key', 200).notNullable();
    t.bigInteger('form_version_id').notNullable().references('form_versions.id');
    t.string('form_id', 64).notNullable();
    t.integer('form_version').notNullable();
    t.uuid('patient_id').notNullable().references('patients.id');
    t.uuid('enrolment_id').nullable().references('enrolments.id');
    t.string('work_item_id', 200).nullable();
    t.string('author', 100).notNullable();
    t.string('author_role', 16).notNullable();
    // pending: stored, not yet accepted by the workflow; completed; refused (by the workflow).
    t.string('status', 16).notNullable();
    t.string('refusal', 500).nullable();
    t.text('answers').notNullable();
    t.text('outputs').notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.unique(['tenant_id', 'idempotency_key']);
    t.index(['tenant_id', 'patient_id', 'submitted_at']);
    t.index(['work_item_id']);
  });

  await knex.schema.createTable('form_drafts', (t) => {
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('username', 100).notNullable();
    t.string('work_item_id', 200).notNullable();
    t.text('answers').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['tenant_id', 'username', 'work_item_id']);
  });

  await knex.schema.alterTable('enrolments', (t) => {
    t.text('form_pins').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('enrolments', (t) => {
    t.dropColumn('form_pins');
  });
  await knex.schema.dropTable('form_drafts');
  await knex.schema.dropTable('form_submissions');
  await knex.schema.dropTable('form_versions');
}
