import type { Knex } from 'knex';

/**
 * Read models the pathway workflows write through activities (DESIGN §4): lists, worklists and
 * reports read these tables, never the workflows. Every row has a natural key derived from the
 * workflow's own ids, so a retried activity lands on the same row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('work_items', (t) => {
    // `<enrolmentId>/<engine item id>`: unique across enrolments, stable across retries.
    t.string('id', 200).primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('enrolment_id').notNullable().references('enrolments.id');
    t.uuid('patient_id').notNullable().references('patients.id');
    t.string('item_id', 64).notNullable();
    t.string('kind', 32).notNullable();
    t.string('step_id', 100).nullable();
    t.string('track_id', 100).nullable();
    t.string('rule_id', 100).nullable();
    t.string('title_it', 300).notNullable();
    t.string('title_en', 300).notNullable();
    t.string('assignee_role', 16).notNullable();
    t.integer('level').notNullable().defaultTo(0);
    t.string('status', 16).notNullable();
    t.timestamp('due_at', { useTz: true }).nullable();
    t.text('details').notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('closed_at', { useTz: true }).nullable();
    t.string('closed_by', 100).nullable();
    t.index(['tenant_id', 'status', 'due_at']);
    t.index(['enrolment_id']);
  });

  await knex.schema.createTable('alerts', (t) => {
    t.string('id', 200).primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('enrolment_id').notNullable().references('enrolments.id');
    t.uuid('patient_id').notNullable().references('patients.id');
    t.string('alert_id', 64).notNullable();
    t.string('rule_id', 100).notNullable();
    t.string('severity', 8).notNullable();
    // Sort key: red before orange before yellow, without a CASE in every query.
    t.integer('severity_rank').notNullable();
    t.string('title_it', 300).notNullable();
    t.string('title_en', 300).notNullable();
    t.string('status', 16).notNullable();
    t.integer('level').notNullable().defaultTo(0);
    t.string('assignee_role', 16).notNullable();
    t.boolean('ladder_exhausted').notNullable().defaultTo(false);
    t.timestamp('raised_at', { useTz: true }).notNullable();
    t.timestamp('acknowledge_by', { useTz: true }).notNullable();
    t.string('acknowledged_by', 100).nullable();
    t.timestamp('acknowledged_at', { useTz: true }).nullable();
    t.text('note').nullable();
    t.text('causes').notNullable();
    t.text('data').notNullable();
    t.index(['tenant_id', 'status', 'severity_rank', 'acknowledge_by']);
    t.index(['enrolment_id']);
  });

  await knex.schema.createTable('observations', (t) => {
    t.bigIncrements('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('enrolment_id').notNullable().references('enrolments.id');
    t.uuid('patient_id').notNullable().references('patients.id');
    // The engine's reading id: the device message id when the device sent one.
    t.string('reading_id', 200).notNullable();
    t.string('device_message_id', 200).nullable();
    t.string('data_point', 64).notNullable();
    t.double('value').notNullable();
    t.string('unit', 32).notNullable();
    t.string('loinc', 16).nullable();
    t.timestamp('measured_at', { useTz: true }).notNullable();
    t.string('source', 32).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    // A repeated device message (or a retried activity) is stored once.
    t.unique(['tenant_id', 'reading_id', 'data_point']);
    t.index(['tenant_id', 'patient_id', 'data_point', 'measured_at']);
  });

  await knex.schema.createTable('notifications_outbox', (t) => {
    t.bigIncrements('id').primary();
    t.string('key', 300).notNullable().unique();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('enrolment_id').notNullable().references('enrolments.id');
    t.uuid('patient_id').notNullable().references('patients.id');
    t.string('to_role', 16).notNullable();
    t.text('channels').notNullable();
    t.text('message_it').notNullable();
    t.text('message_en').notNullable();
    t.string('status', 16).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['status', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notifications_outbox');
  await knex.schema.dropTable('observations');
  await knex.schema.dropTable('alerts');
  await knex.schema.dropTable('work_items');
}
