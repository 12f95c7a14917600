import type { Knex } from 'knex';

/**
 * Devices that send readings, and the ECG files they send.
 *
 * - `devices`: a patient's kit (linked to that patient) or a nurse's home kit (the tenant's).
 *   The bearer token is shown once at registration and kept only as its SHA-256; revoking sets
 *   `revoked_at` and the token stops working on the next request.
 * - `ecg_recordings`: an ECG (LOINC 11524-6) as the file the device produced (PDF or PNG), its
 *   SHA-256 and size, the interpretation text, and the reading it came with. The reading id (the
 *   device's message id when there is one) makes a resent message land once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('devices', (t) => {
    t.uuid('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.string('kind', 16).notNullable();
    // Set for a patient kit, null for a nurse kit.
    t.uuid('patient_id').nullable().references('patients.id');
    t.string('label', 200).notNullable();
    t.string('serial', 100).nullable();
    t.string('token_hash', 64).notNullable().unique();
    // The first characters of the token, so a person can tell two kits apart.
    t.string('token_hint', 16).notNullable();
    t.string('created_by', 100).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.string('revoked_by', 100).nullable();
    t.index(['tenant_id', 'patient_id']);
  });

  await knex.schema.createTable('ecg_recordings', (t) => {
    t.uuid('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('patient_id').notNullable().references('patients.id');
    // The enrolment its heart rate went to, when one measures it.
    t.uuid('enrolment_id').nullable().references('enrolments.id');
    t.string('reading_id', 200).notNullable();
    t.string('device_message_id', 200).nullable();
    t.uuid('device_id').nullable().references('devices.id');
    t.string('loinc', 16).notNullable();
    t.string('content_type', 64).notNullable();
    t.integer('size_bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.binary('content').notNullable();
    t.text('interpretation').nullable();
    t.text('note').nullable();
    t.double('heart_rate').nullable();
    t.timestamp('measured_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.string('source', 32).notNullable();
    t.unique(['tenant_id', 'reading_id']);
    t.index(['tenant_id', 'patient_id', 'measured_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ecg_recordings');
  await knex.schema.dropTable('devices');
}
