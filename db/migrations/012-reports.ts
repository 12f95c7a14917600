import type { Knex } from 'knex';

/**
 * Managers' reports (issue 8).
 *
 * - `sites`: the places of a tenant where patients are followed (a hospital, a district); an
 *   enrolment may name the site that follows it, and reports filter by it.
 * - `report_daily`: indicators pre-aggregated per tenant, local day (Europe/Rome), pathway,
 *   pathway version and site. A row holds a numerator and a denominator (or a count and 0), so
 *   any period is a sum over its days and the dashboard reads thousands of rows, not millions.
 * - `report_dirty_days`: the days whose facts changed since they were aggregated. The care
 *   read models mark them in the same transaction as the change; the aggregator recomputes a
 *   day from the facts and deletes only the marks it saw, so a change made meanwhile keeps its
 *   own mark for the next pass.
 * - `report_access_grants`: managers see pseudonymised patients unless an admin granted them
 *   the patients' identities, with a reason.
 * - `observations.in_range`: whether a reading was inside the patient's target range (outside
 *   every alert band of its pathway's rules, with the patient's inputs), set when its day is
 *   aggregated; null when the data point has no target.
 * - Indexes on the time columns the aggregator reads one day at a time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sites', (t) => {
    t.string('id', 64).notNullable();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('name_it', 200).notNullable();
    t.string('name_en', 200).notNullable();
    t.primary(['tenant_id', 'id']);
  });

  await knex.schema.alterTable('enrolments', (t) => {
    t.string('site_id', 64).nullable();
    t.index(['tenant_id', 'created_at']);
  });

  await knex.schema.alterTable('observations', (t) => {
    t.boolean('in_range').nullable();
    t.index(['tenant_id', 'measured_at']);
    // "Why?" reads one enrolment's series of a value (the readings a trend was computed from).
    t.index(['enrolment_id', 'data_point', 'measured_at']);
  });
  await knex.schema.alterTable('work_items', (t) => {
    t.index(['tenant_id', 'due_at']);
    t.index(['tenant_id', 'opened_at']);
  });
  await knex.schema.alterTable('alerts', (t) => {
    t.index(['tenant_id', 'raised_at']);
    t.index(['tenant_id', 'rule_id', 'raised_at']);
  });
  await knex.schema.alterTable('notifications_outbox', (t) => {
    t.index(['tenant_id', 'created_at']);
  });
  await knex.schema.alterTable('form_submissions', (t) => {
    t.index(['tenant_id', 'submitted_at']);
  });

  await knex.schema.createTable('report_daily', (t) => {
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    // Local calendar day, YYYY-MM-DD: a DST day has 23 or 25 hours, and still one row.
    t.string('day', 10).notNullable();
    t.string('pathway_id', 100).notNullable();
    t.string('pathway_version', 32).notNullable();
    // '' when the enrolment names no site.
    t.string('site_id', 64).notNullable();
    t.string('metric', 32).notNullable();
    t.string('key', 100).notNullable();
    t.double('n').notNullable();
    t.double('d').notNullable();
    t.primary(['tenant_id', 'day', 'pathway_id', 'pathway_version', 'site_id', 'metric', 'key']);
    t.index(['tenant_id', 'metric', 'day']);
  });

  // Insert-only: concurrent writers never wait on one another's mark of the same day.
  await knex.schema.createTable('report_dirty_days', (t) => {
    t.string('token', 36).primary();
    t.string('tenant_id', 64).notNullable();
    t.string('day', 10).notNullable();
    t.timestamp('marked_at', { useTz: true }).notNullable();
    t.index(['tenant_id', 'day']);
  });

  await knex.schema.createTable('report_access_grants', (t) => {
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('user_id').notNullable().references('users.id');
    t.string('granted_by', 100).notNullable();
    t.timestamp('granted_at', { useTz: true }).notNullable();
    t.string('reason', 500).notNullable();
    t.primary(['tenant_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('report_access_grants');
  await knex.schema.dropTable('report_dirty_days');
  await knex.schema.dropTable('report_daily');
  await knex.schema.alterTable('form_submissions', (t) => {
    t.dropIndex(['tenant_id', 'submitted_at']);
  });
  await knex.schema.alterTable('notifications_outbox', (t) => {
    t.dropIndex(['tenant_id', 'created_at']);
  });
  await knex.schema.alterTable('alerts', (t) => {
    t.dropIndex(['tenant_id', 'rule_id', 'raised_at']);
    t.dropIndex(['tenant_id', 'raised_at']);
  });
  await knex.schema.alterTable('work_items', (t) => {
    t.dropIndex(['tenant_id', 'opened_at']);
    t.dropIndex(['tenant_id', 'due_at']);
  });
  await knex.schema.alterTable('observations', (t) => {
    t.dropIndex(['enrolment_id', 'data_point', 'measured_at']);
    t.dropIndex(['tenant_id', 'measured_at']);
    t.dropColumn('in_range');
  });
  await knex.schema.alterTable('enrolments', (t) => {
    t.dropIndex(['tenant_id', 'created_at']);
    t.dropColumn('site_id');
  });
  await knex.schema.dropTable('sites');
}
