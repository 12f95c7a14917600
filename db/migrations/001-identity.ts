import type { Knex } from 'knex';

const isPostgres = (knex: Knex) =>
  (knex.client as { config: { client: string } }).config.client === 'pg';

/** Tenants, users, patients and the append-only audit log. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenants', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    // OID of the organisation (HL7 Italia), used later as custodian in clinical documents.
    t.string('oid', 128).nullable();
    t.string('region_code', 8).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('patients', (t) => {
    t.uuid('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('codice_fiscale', 16).notNullable();
    t.string('given_name', 100).notNullable();
    t.string('family_name', 100).notNullable();
    t.date('birth_date').notNullable();
    t.string('sex', 1).notNullable();
    t.string('phone', 32).nullable();
    t.string('email', 200).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['tenant_id', 'codice_fiscale']);
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('username', 100).notNullable().unique();
    t.string('display_name', 200).notNullable();
    t.string('role', 16).notNullable();
    t.string('password_hash', 255).nullable();
    t.uuid('patient_id').nullable().references('patients.id');
    t.string('locale', 5).notNullable().defaultTo('it');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['tenant_id', 'role']);
  });

  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('tenant_id', 64).nullable();
    t.uuid('actor_user_id').nullable();
    t.string('actor_username', 100).nullable();
    t.string('actor_role', 16).nullable();
    t.string('action', 64).notNullable();
    t.string('resource_type', 64).notNullable();
    t.string('resource_id', 128).nullable();
    t.uuid('patient_id').nullable();
    t.string('outcome', 16).notNullable();
    t.string('request_id', 64).nullable();
    t.text('detail').nullable();
    t.index(['tenant_id', 'at']);
    t.index(['patient_id', 'at']);
  });

  // The audit log is append-only: the database itself refuses to change or remove a row.
  if (isPostgres(knex)) {
    await knex.raw(`
      create function percorsi_audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_events is append-only';
      end $$;
    `);
    await knex.raw(`
      create trigger audit_events_append_only before update or delete on audit_events
      for each row execute function percorsi_audit_append_only();
    `);
  } else {
    await knex.raw(`
      create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, 'audit_events is append-only'); end;
    `);
    await knex.raw(`
      create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit_events is append-only'); end;
    `);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_events');
  if (isPostgres(knex)) {
    await knex.raw('drop function if exists percorsi_audit_append_only()');
  }
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('patients');
  await knex.schema.dropTable('tenants');
}
