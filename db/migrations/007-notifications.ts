import type { Knex } from 'knex';

/**
 * Delivery of the notification outbox (003): one row per notification, channel and recipient,
 * claimed before a provider is called so that each is sent once however often an activity
 * runs; and who read an in-app message, when.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_deliveries', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('notification_id')
      .unsigned()
      .notNullable()
      .references('notifications_outbox.id')
      .onDelete('CASCADE');
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    // 'in-app' | 'email' | 'sms'
    t.string('channel', 8).notNullable();
    // in-app: `patient:<id>` or `role:<nurse|doctor>`; email: the address; sms: the number.
    t.string('recipient', 200).notNullable();
    // pending → sending → sent | failed; held: no provider configured (kept, viewable).
    t.string('status', 10).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    // Who holds the claim: `<workflow id>/<activity id>/<attempt>` of the activity sending it.
    t.string('attempt_token', 400).nullable();
    t.timestamp('claimed_at', { useTz: true }).nullable();
    t.string('provider_message_id', 300).nullable();
    t.text('last_error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.unique(['notification_id', 'channel', 'recipient']);
    // Inboxes: a tenant's in-app messages for one recipient.
    t.index(['tenant_id', 'channel', 'recipient', 'status']);
    t.index(['tenant_id', 'status']);
  });

  await knex.schema.createTable('notification_reads', (t) => {
    t.bigInteger('notification_id')
      .unsigned()
      .notNullable()
      .references('notifications_outbox.id')
      .onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id');
    t.string('tenant_id', 64).notNullable().references('tenants.id');
    t.timestamp('read_at', { useTz: true }).notNullable();
    t.primary(['notification_id', 'user_id']);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notification_reads');
  await knex.schema.dropTable('notification_deliveries');
}
