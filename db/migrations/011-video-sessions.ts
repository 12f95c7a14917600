import type { Knex } from 'knex';

/**
 * Video sessions (issue 7): one row per video work item of a pathway (a televisit, a
 * teleassistance call, a synchronous teleconsult), with its Janus room and secrets, and one row
 * per person who came to it: when they waited, who admitted them, when Janus saw them in the
 * room and for how long. Room id, secret, PIN and join tokens never leave the server except
 * to the named participant who was admitted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('video_sessions', (t) => {
    t.uuid('id').primary();
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.uuid('enrolment_id').notNullable().references('enrolments.id');
    t.uuid('patient_id').notNullable().references('patients.id');
    // `<enrolmentId>/<engine item id>`: the work item the session belongs to.
    t.string('work_item_id', 200).notNullable().unique();
    t.string('item_id', 64).notNullable();
    t.string('step_id', 100).nullable();
    // 'video' (a video step) or 'consult' (a synchronous teleconsult: the answer completes it).
    t.string('kind', 16).notNullable();
    t.string('title_it', 300).notNullable();
    t.string('title_en', 300).notNullable();
    t.text('participants').notNullable();
    t.text('required').notNullable();
    t.string('duration', 32).notNullable();
    t.boolean('completes_item').notNullable();
    t.string('workflow_id', 200).notNullable();
    t.timestamp('opens_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    // scheduled | open | unavailable | ended | cancelled
    t.string('status', 16).notNullable();
    t.text('unavailable_reason').nullable();
    t.string('room_id', 100).nullable();
    t.string('room_secret', 100).nullable();
    t.string('room_pin', 16).nullable();
    t.timestamp('opened_at', { useTz: true }).nullable();
    t.timestamp('ended_at', { useTz: true }).nullable();
    t.string('ended_by', 100).nullable();
    // attended | no-show (video steps); null while running or when cancelled.
    t.string('outcome', 16).nullable();
    t.text('attended').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['tenant_id', 'patient_id']);
    t.index(['tenant_id', 'status', 'opens_at']);
  });
  await knex.schema.createTable('video_participants', (t) => {
    t.uuid('id').primary();
    t.uuid('session_id').notNullable().references('video_sessions.id');
    t.uuid('user_id').notNullable().references('users.id');
    t.string('username', 100).notNullable();
    // The pathway role the person joins as: patient, caregiver, nurse, doctor, consultant.
    t.string('role', 16).notNullable();
    t.string('display_name', 200).notNullable();
    // The participant's id in the Janus room (string ids): how presence maps back to people.
    t.string('feed_id', 64).notNullable().unique();
    // Janus stored token (core token_auth and the room's ACL), while the session runs.
    t.string('janus_token', 100).nullable();
    t.timestamp('waiting_since', { useTz: true }).notNullable();
    t.timestamp('admitted_at', { useTz: true }).nullable();
    t.string('admitted_by', 100).nullable();
    t.timestamp('connected_at', { useTz: true }).nullable();
    t.boolean('in_room').notNullable().defaultTo(false);
    t.timestamp('first_joined_at', { useTz: true }).nullable();
    t.timestamp('last_seen_at', { useTz: true }).nullable();
    t.timestamp('left_at', { useTz: true }).nullable();
    t.integer('seconds_present').notNullable().defaultTo(0);
    t.unique(['session_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('video_participants');
  await knex.schema.dropTable('video_sessions');
}
