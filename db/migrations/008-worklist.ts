import type { Knex } from 'knex';

/**
 * The nurse console's worklist (issue 5): who took charge of an alert or task ("claim"), who
 * resolved an alert and when, and the notes clinicians leave on them. The workflow never reads
 * these: they are people's coordination, written by the API and audited there. Also the
 * inputs each enrolment runs with, so that its thresholds can be drawn without asking the
 * workflow.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('alerts', (t) => {
    t.string('claimed_by', 100).nullable();
    t.timestamp('claimed_at', { useTz: true }).nullable();
    t.string('resolved_by', 100).nullable();
    t.timestamp('resolved_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('work_items', (t) => {
    t.string('claimed_by', 100).nullable();
    t.timestamp('claimed_at', { useTz: true }).nullable();
  });
  // The inputs an enrolment runs with (thresholds such as spo2Min), for the charts' bands.
  await knex.schema.alterTable('enrolments', (t) => {
    t.text('inputs').nullable();
  });
  await knex.schema.createTable('care_notes', (t) => {
    t.bigIncrements('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    // 'alert' | 'work-item', and the id of the row it belongs to.
    t.string('target_type', 16).notNullable();
    t.string('target_id', 200).notNullable();
    t.uuid('patient_id').notNullable().references('patients.id');
    t.string('author', 100).notNullable();
    t.string('author_role', 16).notNullable();
    // 'note' | 'claimed' | 'released' | 'acknowledged' | 'resolved': the lifecycle with its why.
    t.string('kind', 16).notNullable();
    t.text('text').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['tenant_id', 'target_type', 'target_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('care_notes');
  await knex.schema.alterTable('enrolments', (t) => {
    t.dropColumn('inputs');
  });
  await knex.schema.alterTable('work_items', (t) => {
    t.dropColumn('claimed_by');
    t.dropColumn('claimed_at');
  });
  await knex.schema.alterTable('alerts', (t) => {
    t.dropColumn('claimed_by');
    t.dropColumn('claimed_at');
    t.dropColumn('resolved_by');
    t.dropColumn('resolved_at');
  });
}
