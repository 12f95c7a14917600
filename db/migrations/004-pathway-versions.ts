import type { Knex } from 'knex';

/**
 * Pathway versions (≈ FHIR PlanDefinition with status draft|active). `tenant_id` is null for
 * the built-in pathways every tenant sees. A published row is immutable: the store refuses to
 * change it and enrolments pin its version.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pathway_versions', (t) => {
    t.bigIncrements('id').primary();
    t.string('tenant_id', 64).nullable().references('tenants.id');
    t.string('pathway_id', 100).notNullable();
    t.string('version', 32).notNullable();
    t.string('status', 16).notNullable();
    t.text('definition').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('created_by', 100).nullable();
    t.timestamp('published_at', { useTz: true }).nullable();
    t.string('published_by', 100).nullable();
    t.index(['pathway_id', 'status']);
  });
  // NULLs are distinct in a plain unique index: the expression makes built-ins unique too.
  await knex.raw(
    "create unique index pathway_versions_key on pathway_versions ((coalesce(tenant_id, '')), pathway_id, version)",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('pathway_versions');
}
