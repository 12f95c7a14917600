import type { Knex } from 'knex';

/** Enrolments (≈ FHIR CarePlan) and the events their workflows write (read model). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('enrolments', (t) => {
    t.uuid('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('patient_id').notNullable().references('patients.id');
    t.string('pathway_id', 100).notNullable();
    t.string('pathway_version', 32).notNullable();
    t.string('workflow_id', 200).notNullable().unique();
    t.string('status', 16).notNullable();
    t.uuid('enrolled_by').nullable().references('users.id');
    t.string('outcome', 64).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('completed_at', { useTz: true }).nullable();
    t.index(['tenant_id', 'status']);
    t.index(['tenant_id', 'patient_id']);
  });
  // One active enrolment per patient and pathway: a retried "enrol" request finds it.
  await knex.raw(
    "create unique index enrolments_one_active on enrolments (tenant_id, patient_id, pathway_id) where status = 'active'",
  );

  await knex.schema.createTable('enrolment_events', (t) => {
    t.bigIncrements('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('enrolment_id').notNullable().references('enrolments.id');
    // Activities retry; the key makes a retried write land once.
    t.string('idempotency_key', 200).notNullable().unique();
    t.string('kind', 64).notNullable();
    t.string('step_id', 100).nullable();
    t.text('payload').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['enrolment_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('enrolment_events');
  await knex.schema.dropTable('enrolments');
}
